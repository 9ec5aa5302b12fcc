"""Check that every user-facing string has a Dutch translation.

Extracts the messages from the source exactly as ``make messages-update`` does (Django's
``makemessages`` for locale ``nl``, which needs GNU gettext's ``xgettext``), but into a
temporary copy of the package, so the catalogue in the repository is not touched. Then
compares the extracted messages with ``src/woonkans/locale/nl/LC_MESSAGES/<domain>.po``.

The check fails when a message of the source

* is missing from the catalogue (or only there as an obsolete ``#~`` entry),
* has an empty translation (any plural form empty counts),
* is marked ``fuzzy``, or
* has a translation whose named placeholders (``%(name)s``) differ from the source's.

Messages in the catalogue that the source no longer has are reported, not failed on
(``make messages-update`` drops them). The ``djangojs`` domain is checked only when a
JavaScript file of the package calls ``gettext``.

Exit status: 0 all translated, 1 problems found, 2 could not extract.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "woonkans"
LOCALE = "nl"
# Directories whose strings are never shown to users. `make messages-update` ignores the
# same ones (keep the two in step).
IGNORE = ("tests", "migrations")
SHOW = 50
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]?\d*(?:\.\d+)?[sdifr]")
JS_GETTEXT = re.compile(r"\b(?:n|p|np)?gettext\s*\(")


def catalogue_path(domain: str, package: Path = PACKAGE) -> Path:
    return package / "locale" / LOCALE / "LC_MESSAGES" / f"{domain}.po"


def domains() -> list[str]:
    result = ["django"]
    if any(
        JS_GETTEXT.search(p.read_text(encoding="utf-8", errors="replace"))
        for p in (PACKAGE / "static").rglob("*.js")
    ):
        result.append("djangojs")
    return result


def extract(domain: str, workdir: Path) -> polib.POFile:
    """Run makemessages on a copy of the package; return the extracted messages."""
    copy = workdir / "woonkans"
    if not copy.exists():
        shutil.copytree(
            PACKAGE, copy, ignore=shutil.ignore_patterns(*IGNORE, "__pycache__", "locale")
        )
        # makemessages puts messages into the nearest `locale` directory it finds.
        (copy / "locale").mkdir()
    env = {**os.environ, "WOONKANS_DEMO": "true"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "woonkans.conf.settings")
    command = [
        sys.executable,
        "-P",  # do not put the copy itself on sys.path
        "-m",
        "woonkans",
        "makemessages",
        "--locale",
        LOCALE,
        "--domain",
        domain,
        "--no-obsolete",
        "--keep-pot",
        "--verbosity",
        "0",
        *(f"--ignore={name}" for name in IGNORE),
    ]
    proc = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)  # noqa: S603
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or proc.stdout.strip())
    pot = copy / "locale" / f"{domain}.pot"
    if not pot.exists():  # no messages at all in this domain
        return polib.POFile()
    return polib.pofile(str(pot))


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def describe(entry: polib.POEntry) -> str:
    text = entry.msgid.replace("\n", "\\n")
    if len(text) > 100:
        text = text[:97] + "..."
    where = f"  ({entry.occurrences[0][0]}:{entry.occurrences[0][1]})" if entry.occurrences else ""
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f'{context}"{text}"{where}'


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [""]
    return [entry.msgstr]


def placeholder_problem(source: polib.POEntry, translated: polib.POEntry) -> bool:
    """A translation may not use a placeholder the source lacks (that breaks at run time);
    a singular translation must also use all of them (a plural form may leave the count
    out, as in "één huishouden")."""
    expected = set(PLACEHOLDER.findall(source.msgid + (source.msgid_plural or "")))
    for text in translations(translated):
        used = set(PLACEHOLDER.findall(text))
        if used - expected or (not translated.msgid_plural and used != expected):
            return True
    return False


def check_domain(domain: str, workdir: Path) -> tuple[list[tuple[str, polib.POEntry]], int]:
    source = extract(domain, workdir)
    path = catalogue_path(domain)
    if not path.exists():
        return [("missing", e) for e in source], 0
    catalogue = {key(e): e for e in polib.pofile(str(path)) if not e.obsolete}
    problems: list[tuple[str, polib.POEntry]] = []
    for entry in source:
        translated = catalogue.get(key(entry))
        if translated is None:
            problems.append(("missing", entry))
        elif "fuzzy" in translated.flags:
            problems.append(("fuzzy", entry))
        elif not all(t.strip() for t in translations(translated)):
            problems.append(("empty", entry))
        elif placeholder_problem(entry, translated):
            problems.append(("placeholders differ", entry))
    stale = len(set(catalogue) - {key(e) for e in source})
    return problems, stale


def main() -> int:
    if shutil.which("xgettext") is None:
        print(
            "GNU gettext (xgettext) is needed to extract messages: apt-get install gettext",
            file=sys.stderr,
        )
        return 2
    failed = False
    with tempfile.TemporaryDirectory(prefix="woonkans-messages-") as tmp:
        for domain in domains():
            try:
                problems, stale = check_domain(domain, Path(tmp))
            except RuntimeError as exc:
                print(f"makemessages failed for domain {domain}:\n{exc}", file=sys.stderr)
                return 2
            path = catalogue_path(domain).relative_to(ROOT)
            if stale:
                print(f"{path}: {stale} message(s) no longer in the source (not an error).")
            if not problems:
                print(f"{path}: every message has a translation.")
                continue
            failed = True
            if not catalogue_path(domain).exists():
                print(f"{path} does not exist.")
            counts: dict[str, int] = {}
            for reason, _entry in problems:
                counts[reason] = counts.get(reason, 0) + 1
            summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
            print(f"{path}: {len(problems)} message(s) without a usable translation ({summary}).")
            print(f"First {min(SHOW, len(problems))}:")
            for reason, entry in problems[:SHOW]:
                print(f"  [{reason}] {describe(entry)}")
            if len(problems) > SHOW:
                print(f"  ... and {len(problems) - SHOW} more.")
    if failed:
        print(
            "\nUpdate the catalogue with `make messages-update`, translate, then `make messages`."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
