"""The main menu: which items an actor sees. One table instead of template conditions.

An item is shown when the actor's organisation kind and role match. Items only lead to
pages; each page still checks access itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind as K
from woonkans.organisations.models import Role as R

ANY = None
COLLECTIONS_STAFF = frozenset({R.INCASSOMEDEWERKER, R.WOONCONSULENT})


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    app_name: str
    roles: frozenset[str] | None = ANY
    kinds: frozenset[str] | None = ANY
    households: bool = False  # only for roles that see households

    def shown_to(self, actor: Actor) -> bool:
        if self.households and not actor.sees_households:
            return False
        if self.roles is not None and actor.role not in self.roles:
            return False
        return self.kinds is None or actor.organisation.kind in self.kinds


ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Overview"), "core:home", "core"),
    NavItem(_("Households"), "households:list", "households", households=True),
    NavItem(_("My tasks"), "tasks:mine", "tasks", households=True),
    NavItem(
        _("Worklist"),
        "collection:worklist",
        "collection",
        COLLECTIONS_STAFF,
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Legal route"), "legal:list", "legal", COLLECTIONS_STAFF, frozenset({K.WONINGCORPORATIE})
    ),
    NavItem(
        _("Payment plans"),
        "capacity:proposals",
        "capacity",
        COLLECTIONS_STAFF,
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Early signals"),
        "signals:index",
        "signals",
        frozenset({R.INCASSOMEDEWERKER, R.WOONCONSULENT, R.WIJKCONSULENT}),
        frozenset({K.WONINGCORPORATIE, K.GEMEENTE}),
    ),
    NavItem(
        _("Last chance"),
        "trajectories:list",
        "trajectories",
        kinds=frozenset({K.WONINGCORPORATIE, K.ZORGORGANISATIE, K.GEMEENTE}),
        households=True,
    ),
    NavItem(
        _("Last-chance settings"),
        "trajectories:settings",
        "trajectories",
        frozenset({R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Case conference"),
        "conferences:list",
        "conferences",
        frozenset({R.COORDINATOR, R.WOONCONSULENT, R.WIJKCONSULENT, R.WOONBEGELEIDER}),
        households=True,
    ),
    NavItem(
        _("Letters"),
        "documents:templates",
        "documents",
        frozenset({R.INCASSOMEDEWERKER, R.WOONCONSULENT, R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Import"),
        "arrears:import",
        "arrears",
        frozenset({R.INCASSOMEDEWERKER, R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Collection steps"),
        "collection:policy",
        "collection",
        frozenset({R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Signal settings"),
        "signals:policy",
        "signals",
        frozenset({R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Standard demand"),
        "capacity:settings",
        "capacity",
        frozenset({R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE}),
    ),
    NavItem(
        _("Budget management"),
        "budgets:list",
        "budgets",
        frozenset({R.FINANCIEEL_CONSULENT, R.COORDINATOR}),
        frozenset({K.ZORGORGANISATIE, K.SCHULDHULPVERLENING}),
    ),
    NavItem(
        _("Agreement templates"),
        "agreements:templates",
        "agreements",
        frozenset({R.FUNCTIONEEL_BEHEERDER}),
        frozenset({K.WONINGCORPORATIE, K.ZORGORGANISATIE}),
    ),
    NavItem(_("Audit log"), "audit:search", "audit", frozenset({R.FUNCTIONEEL_BEHEERDER})),
    NavItem(_("Background jobs"), "jobs:list", "jobs", frozenset({R.FUNCTIONEEL_BEHEERDER})),
    NavItem(_("Norms"), "norms:list", "norms", frozenset({R.FUNCTIONEEL_BEHEERDER})),
    NavItem(_("API"), "api-docs", "api"),
)


def menu_for(actor: Actor | None, current_url_name: str = "") -> list[dict]:
    if actor is None:
        return []
    items = []
    for item in ITEMS:
        if item.shown_to(actor):
            items.append(
                {
                    "label": item.label,
                    "url": reverse(item.url_name),
                    "current": item.url_name == current_url_name,
                }
            )
    # When no item matches the page exactly, mark the item of the same area.
    if not any(i["current"] for i in items) and current_url_name:
        area = current_url_name.split(":", 1)[0]
        for entry, item in zip(items, [i for i in ITEMS if i.shown_to(actor)], strict=True):
            if item.app_name == area:
                entry["current"] = True
                break
    return items
