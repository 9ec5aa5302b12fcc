"""Ship the five default letter texts (organisation empty = the system default).

Written for Woonkans in plain Dutch at language level B1: short sentences, active voice,
"u", what to do now, the phone number and where to get help. The 14-day letter states the
elements art. 6:96(6) BW requires (docs/letters.md). Corporations change these texts in
the template editor, which makes a corporation-owned copy; the defaults stay as they are.

Idempotent: a kind that already has an active default is left alone. The texts are written
out here, not imported from application code, so this migration keeps doing the same
thing when the code changes later.
"""

from django.db import migrations

DEFAULTS = {
    "herinnering": (
        "Uw huur is nog niet betaald",
        """Beste {{ huurder.naam }},

Wij hebben uw huur nog niet van u gekregen. U moet nog {{ bedrag_achterstand }} betalen. Misschien bent u het vergeten. Dat kan gebeuren.

# Wat kunt u nu doen?
- Betaal het bedrag zo snel als u kunt.
- Zet het nummer {{ overeenkomstnummer }} bij uw betaling.

Heeft u al betaald? Dan hoeft u niets te doen.

Kunt u niet alles in één keer betalen? Bel ons dan op {{ telefoon }}. Samen maken we een plan. U kunt dan bijvoorbeeld in delen betalen.

Heeft u vaker moeite met betalen? Of heeft u zorgen over geld? De gemeente kan u helpen. Die hulp is gratis. Wij helpen u graag om contact te zoeken.""",
    ),
    "veertiendagenbrief": (
        "Betaal uiterlijk op {{ uiterste_betaaldatum }}",
        """Beste {{ huurder.naam }},

U heeft een huurschuld bij ons. U moet nog {{ bedrag_achterstand }} betalen. Het gaat om uw woning aan {{ adres }}.

# U krijgt 14 dagen om te betalen
De 14 dagen beginnen op de dag nadat u deze brief krijgt. Wij gaan ervan uit dat u deze brief op {{ ontvangstdatum }} krijgt. Betaal daarom uiterlijk op {{ uiterste_betaaldatum }}. Zet het nummer {{ overeenkomstnummer }} bij uw betaling.

# Wat gebeurt er als u niet op tijd betaalt?
Dan moet u ook incassokosten betalen. Dat zijn extra kosten. Wij hebben dan meer werk om het geld te krijgen. De incassokosten zijn {{ incassokosten }}. {% if btw_van_toepassing %}Daar komt {{ btw }} btw bij. Samen is dat {{ totaal }}.{% else %}Daar komt geen btw bij.{% endif %} U moet ons dan in totaal {{ totaal_met_kosten }} betalen.

Betaalt u binnen de 14 dagen een deel? Dan worden de incassokosten lager. Wij rekenen ze dan uit over het bedrag dat nog open staat.

# Lukt het niet om te betalen?
Bel ons dan zo snel mogelijk op {{ telefoon }}. Wacht niet tot de 14 dagen voorbij zijn. Samen zoeken we een oplossing. Vaak kunt u in delen betalen.

Heeft u meer schulden of zorgen over geld? De gemeente kan u helpen. Die hulp is gratis.""",
    ),
    "kaartje": (
        "Wilt u ons even bellen?",
        """Beste {{ huurder.naam }},

Wij willen graag even met u praten over uw woning. Wilt u ons bellen? Ons nummer is {{ telefoon }}.

Heeft u al met ons gesproken? Dan hoeft u niets te doen.""",
    ),
    "uitnodiging": (
        "Wij willen graag met u praten",
        """Beste {{ huurder.naam }},

U heeft een achterstand met de huur. U moet nog {{ bedrag_achterstand }} betalen. Wij willen graag met u praten over een oplossing. Daarom nodigen wij u uit voor een gesprek.

# Wanneer en waar?
{{ afspraak }}

# Wat doen we in het gesprek?
Wij vragen hoe het met u gaat. Samen kijken we wat u kunt betalen. Dan maken we een plan. U kunt bijvoorbeeld in delen betalen.

# Wat neemt u mee?
- een overzicht van uw inkomen, zoals een loonstrook
- brieven over rekeningen die u nog moet betalen

U mag iemand meenemen. Bijvoorbeeld iemand uit uw familie of een vriend.

Past de afspraak niet? Of wilt u liever dat wij bij u thuis komen? Bel ons dan op {{ telefoon }}.""",
    ),
    "huisbezoek_briefje": (
        "Wij waren bij u aan de deur",
        """Beste {{ huurder.naam }},

Op {{ datum }} waren wij bij u aan de deur. U was niet thuis. Jammer, want wij willen graag met u praten.

Wilt u ons bellen? Ons nummer is {{ telefoon }}. Vraag naar {{ contactpersoon }}.

Wij willen u graag helpen. Samen zoeken we een oplossing die bij u past.""",
    ),
}


def ship_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for kind, (title, body) in DEFAULTS.items():
        if LetterTemplate.objects.filter(
            organisation__isnull=True, kind=kind, is_active=True
        ).exists():
            continue
        LetterTemplate.objects.create(
            organisation=None, kind=kind, title=title, body=body, version=1, is_active=True
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(ship_defaults, migrations.RunPython.noop)]
