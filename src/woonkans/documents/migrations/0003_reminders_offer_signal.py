"""The default reminder and 14-day letter offer to pass the tenant's details to the
municipality (vroegsignalering, Besluit gemeentelijke schuldhulpverlening art. 2: the
written reminder must offer it, and the tenant may object). Adds a new version of each
system default; a corporation's own templates are left alone."""

from django.db import migrations

OLD_ENDINGS = {
    "herinnering": (
        "Heeft u vaker moeite met betalen? Of heeft u zorgen over geld? De gemeente kan u "
        "helpen. Die hulp is gratis. Wij helpen u graag om contact te zoeken."
    ),
    "veertiendagenbrief": (
        "Heeft u meer schulden of zorgen over geld? De gemeente kan u helpen. Die hulp is gratis."
    ),
}

OFFER = """# Hulp van de gemeente
Heeft u vaker moeite met betalen? Of heeft u zorgen over geld? De gemeente kan u helpen. Die hulp is gratis.

Wij willen uw gegevens aan de gemeente geven. Dan kan de gemeente contact met u opnemen. Het gaat om uw naam, adres, telefoonnummer, e-mailadres en het bedrag dat u nog moet betalen. Wilt u dat niet? Bel ons dan op {{ telefoon }}. Dan geven wij uw gegevens niet door."""


def add_offer(apps, schema_editor):
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for kind, old_ending in OLD_ENDINGS.items():
        current = LetterTemplate.objects.filter(
            organisation__isnull=True, kind=kind, is_active=True
        ).first()
        if current is None or "Wilt u dat niet?" in current.body:
            continue
        body = current.body
        body = body[: -len(old_ending)].rstrip() if body.endswith(old_ending) else body.rstrip()
        LetterTemplate.objects.filter(pk=current.pk).update(is_active=False)
        LetterTemplate.objects.create(
            organisation=None,
            kind=kind,
            title=current.title,
            body=f"{body}\n\n{OFFER}",
            version=current.version + 1,
            is_active=True,
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_default_templates")]

    operations = [migrations.RunPython(add_offer, migrations.RunPython.noop)]
