"""Pure budget and debt rules: no database, tested with property tests."""

from __future__ import annotations

from woonkans.budgets.models import CreditorKind

# Rent, energy, water and health insurance first: arrears there lead to eviction,
# disconnection and the health-insurance premium withheld at source (bronheffing).
_PRIORITY_BY_KIND: dict[str, int] = {
    CreditorKind.VERHUURDER: 1,
    CreditorKind.ENERGIE: 1,
    CreditorKind.WATER: 1,
    CreditorKind.ZORGVERZEKERAAR: 1,
    CreditorKind.BELASTINGEN: 2,
    CreditorKind.OVERHEID: 2,
    CreditorKind.TELECOM: 3,
    CreditorKind.OVERIG: 3,
}

PRIORITY_KINDS = frozenset(k for k, p in _PRIORITY_BY_KIND.items() if p == 1)


def priority_for_kind(kind: str) -> int:
    """The default priority of a debt (1 = most urgent) from the creditor's kind."""
    return _PRIORITY_BY_KIND.get(kind, 3)
