"""Norm tables the repayment-capacity calculation needs beyond those of the norms app
(``norms/migrations/0002_seed_norms.py`` ships the maximum beslagvrije voet, the
social-assistance norms and the kostendelersnorm).

Idempotent like the norms seed: an existing table or value (same table, key and date) is
left as it is, so a correction by an administrator survives. The data is written out here.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

BVV_PERCENT_SOURCE = (
    "Art. 475da lid 1 Rv (95% of the applicable social-assistance norm incl. holiday "
    "allowance) and art. 475dc Rv (the beslagvrije voet is never more than 95% of the "
    "income), Wet vereenvoudiging beslagvrije voet (Stb. 2017, 505), in force 1-1-2021 "
    "(norms.md §4)."
)
DEDUCTIBLE_SOURCE = (
    "Zorgverzekeringswet art. 19: compulsory deductible (verplicht eigen risico) €385 a year "
    "(norms.md §7, health insurance 2026)."
)
DEDUCTIBLE_NOTE = (
    "To verify: norms.md gives €385 for 2026 only. The amount has been €385 since 2016; the "
    "valid-from date 1-1-2016 is not from norms.md. Used for the VTLB reservation for the "
    "deductible (norms.md §5), whose exact Recofa parameters are still to verify."
)

TABLES = [
    {
        "code": "beslagvrije_voet_percentage",
        "name": "Beslagvrije voet: percentage of the norm and of the income",
        "description": (
            "The beslagvrije voet is this percentage of the applicable social-assistance norm "
            "(incl. holiday allowance), and never more than this percentage of the income."
        ),
        "unit": "percent",
    },
    {
        "code": "zorg_eigen_risico",
        "name": "Compulsory health-insurance deductible per year (eigen risico)",
        "description": (
            "Used for the reservation for the deductible in the VTLB breakdown: per adult, "
            "one twelfth per month."
        ),
        "unit": "euro",
    },
]


def values():
    yield "beslagvrije_voet_percentage", date(2021, 1, 1), "", D("95"), {
        "source": BVV_PERCENT_SOURCE
    }
    yield "zorg_eigen_risico", date(2016, 1, 1), "", D("385.00"), {
        "source": DEDUCTIBLE_SOURCE,
        "verified": False,
        "verification_note": DEDUCTIBLE_NOTE,
    }


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
    dependencies = [("capacity", "0001_initial"), ("norms", "0002_seed_norms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
