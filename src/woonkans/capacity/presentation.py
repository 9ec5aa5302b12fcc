"""Turning stored or computed components into labelled rows for the pages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .rules import IncomeGroup

LABELS = {
    "net_income": _("Net income per month (incl. holiday allowance)"),
    "norm": _("Social-assistance norm (incl. holiday allowance)"),
    "norm_95": _("95% of the norm"),
    "top_up": _("Top-up (compensatiekop)"),
    "formula": _("95% of the norm plus the top-up"),
    "income_95": _("95% of the income (the beslagvrije voet is never more)"),
    "maximum": _("Maximum beslagvrije voet for this situation"),
    "beslagvrije_voet": _("Beslagvrije voet"),
    "capacity": _("Repayment capacity: income minus beslagvrije voet"),
}

ORDER = (
    "net_income",
    "norm",
    "norm_95",
    "top_up",
    "formula",
    "income_95",
    "maximum",
    "beslagvrije_voet",
    "capacity",
)

RULE = {
    IncomeGroup.LOW: _("Income at or below the norm: the beslagvrije voet is 95% of the income."),
    IncomeGroup.MIDDLE: _(
        "Income above the norm: 95% of the norm plus the top-up, at most 95% of the income."
    ),
    IncomeGroup.HIGH: _("Income above the norm: the maximum of the period applies."),
    IncomeGroup.ABOVE_NORM: _(
        "Income above the norm and no top-up entered: the lower of the maximum and 95% of the "
        "income is used (an upper bound, so a plan never asks too much). Enter the top-up from "
        "the official calculation for the exact amount."
    ),
    IncomeGroup.NONE: _("No income: nothing is available for repayment."),
}


def component_rows(amounts: dict[str, Decimal]) -> list[dict]:
    return [
        {
            "code": code,
            "label": LABELS[code],
            "amount": amounts[code],
            "total": code in ("beslagvrije_voet", "capacity"),
        }
        for code in ORDER
        if code in amounts
    ]


def rows_from_result(result) -> list[dict]:
    return component_rows({c.code: c.amount for c in result.components})


def rows_from_stored(components: list[dict]) -> list[dict]:
    return component_rows({c["code"]: Decimal(c["amount"]) for c in components})


def rule_text(group: str):
    return RULE.get(group, "")
