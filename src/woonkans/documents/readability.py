"""Readability of Dutch letter texts: the Flesch–Douma score and simple text measures.

Pure functions over strings, no database. Used next to each letter template in the editor
(``docs/letters.md``).

Flesch–Douma (W.H. Douma, 1960; the Dutch adaptation of Flesch's Reading Ease)::

    score = 206.835 − 0.93 × (words per sentence) − 77 × (syllables per word)

Higher is easier. The level shown next to it (:func:`cefr_level`) is **indicative only**:
the formula looks at nothing but sentence and word length. It does not see whether words
are common, whether the text is well ordered, or whether the reader knows what to do. A
text can score well and still be unclear; test important letters with real readers.

Dutch syllable heuristic (:func:`count_syllables`)
    A syllable is counted for each vowel *nucleus*. A word is lower-cased and cut into
    groups of adjacent vowels (``a e i o u y``, with ``j`` counted as part of the vowel in
    ``ij``). Each group is split greedily, longest first, into nuclei that are one
    syllable in Dutch: the three-letter ``aai ooi oei eeu ieu eau`` and the two-letter
    ``aa ee oo uu ie oe ou au ei ij ui eu``; any other vowel counts as one syllable on its
    own (so ``sociaal`` = so-ci-aal, ``radio`` = ra-di-o). A diaeresis (``ë ï ö ü``)
    starts a new syllable (``financiële`` = fi-nan-ci-ë-le, ``geïnteresseerd`` = 5); other
    accents are ignored (``één`` = 1). A word without any vowel — a number such as ``14`` or
    an abbreviation such as ``btw`` — counts as one syllable, which undercounts spoken
    numbers. Known misses: French and English loanwords (``station`` counts 3, is said 2;
    ``online`` counts 3).

Sentences end at ``.``, ``!`` or ``?`` followed by a space or the end of a line, and at
every line break: a heading, a greeting or a list item is a sentence of its own. A full
stop inside a number (``1.234,56``) does not end a sentence; abbreviations with a full
stop (``bijv.``) do — plain-language texts avoid them anyway.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "B1_MINIMUM_SCORE",
    "LONG_SENTENCE_WORDS",
    "LONG_WORD_SYLLABLES",
    "ReadabilityReport",
    "cefr_level",
    "count_syllables",
    "flesch_douma",
    "measure",
    "sentences",
    "words",
]

# A word of this many syllables or more is "long" (B1 guidance: prefer words of at most
# three syllables).
LONG_WORD_SYLLABLES = 4
# A sentence of more than this many words is "long" (B1 guidance: 15 on average, 20 at most).
LONG_SENTENCE_WORDS = 20
# The score from which a text counts as B1 or easier, by this module's indicative mapping.
B1_MINIMUM_SCORE = 60.0

_VOWELS = frozenset("aeiouy")
_NUCLEI_3 = frozenset({"aai", "ooi", "oei", "eeu", "ieu", "eau"})
_NUCLEI_2 = frozenset({"aa", "ee", "oo", "uu", "ie", "oe", "ou", "au", "ei", "ij", "ui", "eu"})
_DIAERESIS = "\u0308"
_BREAK = "|"

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _normalise(word: str) -> str:
    """Lower-case ASCII letters, with ``|`` before a vowel that carried a diaeresis."""
    out: list[str] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char == _DIAERESIS:
            if out:
                out.insert(len(out) - 1, _BREAK)
        elif not unicodedata.combining(char):
            out.append(char)
    return "".join(out)


def _vowel_groups(word: str) -> list[str]:
    groups: list[str] = []
    current = ""
    for char in word:
        if char in _VOWELS or (char == "j" and current.endswith("i")):
            current += char
            continue
        if current:
            groups.append(current)
        current = ""
    if current:
        groups.append(current)
    return groups


def _nuclei(group: str) -> int:
    count = 0
    index = 0
    while index < len(group):
        if group[index : index + 3] in _NUCLEI_3:
            index += 3
        elif group[index : index + 2] in _NUCLEI_2:
            index += 2
        else:
            index += 1
        count += 1
    return count


def count_syllables(word: str) -> int:
    """The number of syllables of one Dutch word by the heuristic above; at least 1."""
    total = sum(_nuclei(group) for group in _vowel_groups(_normalise(word)))
    return max(total, 1)


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters (with inner hyphens or apostrophes) and numbers
    (with inner separators, so ``1.234,56`` is one word)."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that contain at least one word."""
    found: list[str] = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line.strip()):
            if words(part):
                found.append(part)
    return found


def flesch_douma(*, sentence_count: int, word_count: int, syllable_count: int) -> float:
    """206.835 − 0.93 × words per sentence − 77 × syllables per word."""
    if sentence_count <= 0 or word_count <= 0:
        raise ValueError("A score needs at least one sentence and one word.")
    return 206.835 - 0.93 * (word_count / sentence_count) - 77 * (syllable_count / word_count)


# Indicative mapping from the Flesch–Douma score to a CEFR (ERK) level: lower bounds,
# highest first. Based on the usual reading of the scale (60–70 "standard" text, 70–80
# "fairly easy", 80+ "easy") and the plain-language convention that B1 text scores about
# 60 or more. It is an indication, not a measurement of a reader's level.
_LEVELS: tuple[tuple[float, str], ...] = (
    (80.0, "A2"),
    (B1_MINIMUM_SCORE, "B1"),
    (45.0, "B2"),
    (30.0, "C1"),
)


def cefr_level(score: float) -> str:
    """The indicative CEFR level of a Flesch–Douma score (``A2`` … ``C2``)."""
    for lower, level in _LEVELS:
        if score >= lower:
            return level
    return "C2"


@dataclass(frozen=True)
class ReadabilityReport:
    sentence_count: int
    word_count: int
    syllable_count: int
    score: float | None  # Flesch–Douma; None for a text without words
    level: str  # indicative CEFR level, "" without a score
    average_sentence_length: float  # words per sentence
    long_word_share: float  # 0..1: words of LONG_WORD_SYLLABLES syllables or more
    long_words: tuple[str, ...]  # distinct long words, in order of appearance
    long_sentence_count: int  # sentences of more than LONG_SENTENCE_WORDS words

    @property
    def meets_b1(self) -> bool:
        return self.score is not None and self.score >= B1_MINIMUM_SCORE

    @property
    def long_word_percent(self) -> float:
        return round(self.long_word_share * 100, 1)


def measure(text: str) -> ReadabilityReport:
    """All readability measures of ``text``."""
    found = sentences(text)
    per_sentence = [words(sentence) for sentence in found]
    all_words = [word for sentence in per_sentence for word in sentence]
    syllables = [count_syllables(word) for word in all_words]
    long_words: dict[str, None] = {}
    for word, count in zip(all_words, syllables, strict=True):
        if count >= LONG_WORD_SYLLABLES:
            long_words.setdefault(word.lower(), None)
    if not all_words:
        return ReadabilityReport(0, 0, 0, None, "", 0.0, 0.0, (), 0)
    score = round(
        flesch_douma(
            sentence_count=len(found), word_count=len(all_words), syllable_count=sum(syllables)
        ),
        1,
    )
    long_count = sum(1 for count in syllables if count >= LONG_WORD_SYLLABLES)
    return ReadabilityReport(
        sentence_count=len(found),
        word_count=len(all_words),
        syllable_count=sum(syllables),
        score=score,
        level=cefr_level(score),
        average_sentence_length=round(len(all_words) / len(found), 1),
        long_word_share=long_count / len(all_words),
        long_words=tuple(long_words),
        long_sentence_count=sum(1 for ws in per_sentence if len(ws) > LONG_SENTENCE_WORDS),
    )
