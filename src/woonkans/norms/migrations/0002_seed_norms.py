"""Ship the norms of ../shared/domain/norms.md §2, §4 and §6 as dated data.

Idempotent: a table or value that already exists (same code; same table, key and date) is
left as it is, so running this again, or on a database where an administrator corrected a
value, changes nothing. The data is written out here, not imported from application code,
so this migration keeps doing the same thing when the code changes later.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

WIK_SOURCE = (
    "Besluit vergoeding voor buitengerechtelijke incassokosten (Stb. 2012, 141), art. 2, "
    "with art. 6:96 BW; in force 1-7-2012."
)
BVV_SOURCE = (
    "Art. 475da Rv (Wet vereenvoudiging beslagvrije voet, in force 1-1-2021); maximum "
    "beslagvrije voet per month as of {when}, from the public tables published by "
    "municipalities and debt-help sites (norms.md §4)."
)
BVV_2026_SOURCE = (
    "Consolidated 2026 text of art. 475da Rv as republished in a public machine-readable "
    "copy (MinBZK/regelrecht-corpus); single and couple amounts recomputed from the 2026 "
    "inputs: standard health premium €2,119/year, maximum rent €932.93, basic-rent "
    "reduction €48.15 (norms.md §4)."
)
BVV_2026_NOTE = (
    "To verify: no official table was seen. The jump for households with children fits the "
    "2026 rent-benefit reform. Check against the official publication."
)
PW_SOURCE = (
    "Participatiewet arts. 21-22, net norm per month incl. holiday allowance, 21 to pension "
    "age, as indexed on {when}; from the public tables published by municipalities and "
    "debt-help sites (norms.md §6)."
)
PW_2026_SOURCE = (
    "Participatiewet arts. 21-22 as in force on 1-1-2026 (Stcrt. 2025, 43553); net norm per "
    "month incl. holiday allowance (norms.md §6)."
)
KDN_SOURCE = (
    "Participatiewet art. 22a (kostendelersnorm): per person (40 + 30 x A) / A percent of the "
    "couple norm, A = number of cost sharers; percentages rounded to two decimals as in "
    "norms.md §6."
)
KDN_NOTE = (
    "To verify: norms.md gives the percentages but no valid-from date; 1-1-2015 is the date "
    "the kostendelersnorm took effect."
)

TABLES = [
    {
        "code": "wik_staffel",
        "name": "WIK scale for extra-judicial collection costs (WIK-staffel)",
        "description": (
            "Collection costs a creditor may charge a consumer after the 14-day letter, as a "
            "percentage of the principal per band. The bands together cover every amount."
        ),
        "unit": "percent",
        "key_description": "Band number, 1 = the first band",
        "uses_bounds": True,
    },
    {
        "code": "wik_minimum",
        "name": "Minimum collection costs (WIK)",
        "description": "The collection costs are never less than this amount.",
        "unit": "euro",
    },
    {
        "code": "wik_maximum",
        "name": "Maximum collection costs (WIK)",
        "description": "The collection costs are never more than this amount.",
        "unit": "euro",
    },
    {
        "code": "btw_tarief",
        "name": "General VAT rate (btw)",
        "description": (
            "Added to the collection costs only when the landlord outsourced collection, "
            "cannot deduct the VAT and says so explicitly (norms.md §2)."
        ),
        "unit": "percent",
    },
    {
        "code": "beslagvrije_voet_maximum",
        "name": "Maximum beslagvrije voet per month",
        "description": (
            "The protected income for the high-income group, per household situation "
            "(art. 475da Rv)."
        ),
        "unit": "euro",
        "key_description": "Household situation",
    },
    {
        "code": "bijstandsnorm",
        "name": "Social-assistance norm per month (bijstandsnorm)",
        "description": (
            "Net norm per month including holiday allowance, 21 to pension age unless the key "
            "says otherwise. Singles and single parents have the same norm. Excluding holiday "
            "allowance is 95% of the norm."
        ),
        "unit": "euro",
        "key_description": "Household situation",
    },
    {
        "code": "kostendelersnorm",
        "name": "Cost-sharer norm (kostendelersnorm)",
        "description": "Norm per person as a percentage of the couple norm.",
        "unit": "percent",
        "key_description": "Number of people sharing the costs",
    },
]


def _wik():
    start = date(2012, 7, 1)
    bands = [
        ("1", D("0"), D("2500"), D("15")),
        ("2", D("2500"), D("5000"), D("10")),
        ("3", D("5000"), D("10000"), D("5")),
        ("4", D("10000"), D("200000"), D("1")),
        ("5", D("200000"), None, D("0.5")),
    ]
    for key, lower, upper, rate in bands:
        yield "wik_staffel", start, key, rate, {"lower_bound": lower, "upper_bound": upper,
                                                 "source": WIK_SOURCE}
    yield "wik_minimum", start, "", D("40.00"), {"source": WIK_SOURCE}
    yield "wik_maximum", start, "", D("6775.00"), {"source": WIK_SOURCE}


def _vat():
    yield "btw_tarief", date(2001, 1, 1), "", D("19"), {
        "source": "Wet op de omzetbelasting 1968, art. 9 lid 1: general rate 19% until 30-9-2012.",
        "verified": False,
        "verification_note": (
            "To verify: not in norms.md. Shipped so that the WIK scale works for its first "
            "months (1-7-2012 to 30-9-2012)."
        ),
    }
    yield "btw_tarief", date(2012, 10, 1), "", D("21"), {
        "source": "Wet op de omzetbelasting 1968, art. 9 lid 1: general rate 21% (norms.md §2).",
        "verification_note": (
            "norms.md gives 21% without a date; the general rate rose from 19% to 21% on "
            "1-10-2012."
        ),
    }


def _beslagvrije_voet():
    situations = ["alleenstaande", "alleenstaande_ouder", "gehuwden", "gehuwden_met_kinderen"]
    rows = [
        (date(2024, 1, 1), "1-1-2024", ["1996.21", "2162.60", "2631.49", "2747.09"]),
        (date(2025, 1, 1), "1-1-2025", ["2071.24", "2242.24", "2739.03", "2855.96"]),
        (date(2025, 7, 1), "1-7-2025", ["2093.67", "2264.67", "2771.07", "2888.00"]),
    ]
    for start, when, amounts in rows:
        for key, amount in zip(situations, amounts, strict=True):
            yield "beslagvrije_voet_maximum", start, key, D(amount), {
                "source": BVV_SOURCE.format(when=when)
            }
    for key, amount in zip(situations, ["2191.42", "2526.69", "2881.41", "3155.31"], strict=True):
        yield "beslagvrije_voet_maximum", date(2026, 1, 1), key, D(amount), {
            "source": BVV_2026_SOURCE,
            "verified": False,
            "verification_note": BVV_2026_NOTE,
        }


def _bijstandsnorm():
    rows = [
        (date(2024, 7, 1), "1-7-2024", "1308.45", "1869.21"),
        (date(2025, 1, 1), "1-1-2025", "1345.45", "1922.07"),
        (date(2025, 7, 1), "1-7-2025", "1369.06", "1955.80"),
    ]
    for start, when, single, couple in rows:
        source = PW_SOURCE.format(when=when)
        yield "bijstandsnorm", start, "alleenstaande", D(single), {"source": source}
        yield "bijstandsnorm", start, "gehuwden", D(couple), {"source": source}
    start = date(2026, 1, 1)
    yield "bijstandsnorm", start, "alleenstaande", D("1401.50"), {"source": PW_2026_SOURCE}
    yield "bijstandsnorm", start, "gehuwden", D("2002.13"), {"source": PW_2026_SOURCE}
    yield "bijstandsnorm", start, "alleenstaande_pensioengerechtigd", D("1564.69"), {
        "source": PW_2026_SOURCE
    }
    yield "bijstandsnorm", start, "gehuwden_pensioengerechtigd", D("2144.16"), {
        "source": PW_2026_SOURCE
    }


def _kostendelersnorm():
    for persons, percent in [("2", "50"), ("3", "43.33"), ("4", "40"), ("5", "38"),
                             ("6", "36.67")]:
        yield "kostendelersnorm", date(2015, 1, 1), persons, D(percent), {
            "source": KDN_SOURCE,
            "verified": False,
            "verification_note": KDN_NOTE,
        }


def values():
    yield from _wik()
    yield from _vat()
    yield from _beslagvrije_voet()
    yield from _bijstandsnorm()
    yield from _kostendelersnorm()


def seed(apps, schema_editor):
    NormTable = apps.get_model("norms", "NormTable")
    NormValue = apps.get_model("norms", "NormValue")
    tables = {}
    for spec in TABLES:
        spec = dict(spec)
        code = spec.pop("code")
        tables[code], _ = NormTable.objects.get_or_create(code=code, defaults=spec)
    for code, valid_from, key, value, extra in values():
        NormValue.objects.get_or_create(
            table=tables[code],
            key=key,
            valid_from=valid_from,
            defaults={"value": value, **extra},
        )


class Migration(migrations.Migration):
    dependencies = [("norms", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
