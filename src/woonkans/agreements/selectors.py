"""Read-only questions about agreements, used by pages, guards and other apps."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Agreement, AgreementStatus, AgreementTemplate, CorporationAgreementSettings
from .rules import Preference, propose_form


def active_agreement(trajectory) -> Agreement | None:
    """The trajectory's agreement that has not ended (a draft or a signed one), else None."""
    return (
        Agreement.objects.filter(trajectory=trajectory)
        .exclude(status=AgreementStatus.ENDED)
        .order_by("-pk")
        .first()
    )


def agreements_of(trajectory) -> QuerySet[Agreement]:
    return Agreement.objects.filter(trajectory=trajectory).order_by("-start_date", "-pk")


def missing_signatures(agreement: Agreement) -> list[str]:
    """Names of the parties that must sign and have not."""
    return [p.name for p in agreement.parties.all() if p.must_sign and p.signed_on is None]


def signed_by_all(agreement: Agreement) -> bool:
    parties = list(agreement.parties.all())
    return bool(parties) and all(p.signed_on is not None for p in parties if p.must_sign)


def preference_of(corporation) -> Preference:
    settings = CorporationAgreementSettings.objects.filter(corporation=corporation).first()
    if settings is None:
        return Preference()
    return Preference(settings.form_without_verdict, settings.form_after_verdict)


def proposed_form(trajectory) -> str:
    return propose_form(trajectory.legal_stage, preference_of(trajectory.corporation))


def templates_for(agreement: Agreement) -> QuerySet[AgreementTemplate]:
    """Own Word templates of the agreement's party organisations for its form."""
    organisations = agreement.parties.exclude(organisation=None).values("organisation")
    return AgreementTemplate.objects.filter(
        organisation__in=organisations, form=agreement.form, is_active=True
    ).select_related("organisation")


def started_guard(trajectory) -> str | None:
    """Guard on State.STARTED: a signed agreement (all parties signed) is required."""
    agreement = active_agreement(trajectory)
    if agreement is None:
        return _("Make the agreement first: the start needs an agreement signed by all parties.")
    if agreement.status != AgreementStatus.SIGNED:
        missing = missing_signatures(agreement)
        return _("The agreement is not signed by all parties yet. Missing: %(names)s.") % {
            "names": ", ".join(missing) or "–"
        }
    return None
