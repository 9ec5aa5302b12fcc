"""docs/last-chance-trajectory.md shows the transition table exactly as the code has it."""

from __future__ import annotations

from pathlib import Path

from woonkans.organisations.models import OrganisationKind as K
from woonkans.organisations.models import Role as R
from woonkans.trajectories import machine

DOC = Path(__file__).resolve().parents[4] / "docs" / "last-chance-trajectory.md"
CODES = {
    "WC": (K.WONINGCORPORATIE, R.WOONCONSULENT),
    "IM": (K.WONINGCORPORATIE, R.INCASSOMEDEWERKER),
    "CO": (K.ZORGORGANISATIE, R.COORDINATOR),
    "WB": (K.ZORGORGANISATIE, R.WOONBEGELEIDER),
    "FC": (K.ZORGORGANISATIE, R.FINANCIEEL_CONSULENT),
    "WK": (K.GEMEENTE, R.WIJKCONSULENT),
}


def test_documented_table_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- transition-table:start -->")[1].split("<!-- transition-table:end -->")[
        0
    ]
    rows = [line for line in table.strip().splitlines()[2:] if line.startswith("|")]
    documented = {}
    for row in rows:
        frm, to, _button, who, reason = [cell.strip() for cell in row.strip("|").split("|")]
        performers = frozenset(CODES[code.strip()] for code in who.split(","))
        documented[(frm, to)] = (performers, reason == "yes")
    actual = {
        key: (frozenset((str(k), str(r)) for k, r in rule.performers), rule.reason_required)
        for key, rule in machine.TRANSITIONS.items()
    }
    assert documented == {
        k: (frozenset((str(a), str(b)) for a, b in v[0]), v[1]) for k, v in actual.items()
    }
