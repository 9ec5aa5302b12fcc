"""Timeline kinds of budget management and the debt inventory (field group FINANCIAL)."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "budget.started": _("Budget management started"),
    "budget.changed": _("Budget management changed"),
    "budget.ended": _("Budget management ended"),
    "budget.payment": _("Payment by the financial consultant"),
    "budget.summary_made": _("Quarterly financial summary drafted"),
    "budget.summary_sent": _("Quarterly financial summary sent"),
    "debt.added": _("Debt added to the inventory"),
    "debt.changed": _("Debt changed"),
    "debt.contact": _("Contact with a creditor"),
    "debt.handover": _("Debts handed over"),
}
