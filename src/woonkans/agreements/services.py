"""Use cases of the agreements: draft, edit, sign, extend, end early, templates, settings.

Each runs in one transaction, takes the acting :class:`Actor`, checks what the actor may do
(``access.py``), writes the audit log and the household timeline. Edits use optimistic
locking on ``Agreement.version``: a change made in between is refused with
:class:`EditConflict` instead of being silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.services import EditConflict, timeline_add
from woonkans.jobs.services import email_queue
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind
from woonkans.organisations.policy import FieldGroup

from . import access, selectors
from .document import tenants_of
from .docx_templates import check_template
from .models import (
    Agreement,
    AgreementExtension,
    AgreementItem,
    AgreementNotice,
    AgreementParty,
    AgreementStatus,
    AgreementTemplate,
    CorporationAgreementSettings,
    EndOutcome,
)
from .rules import (
    FITS_STAGE,
    AgreementForm,
    LegalStage,
    PartyRole,
    clean_items,
    default_copies,
    default_end_date,
    default_items,
    extension_errors,
    needs_reason,
    parties_for,
)
from .template_print import TemplatePrintError, template_html

__all__ = [
    "EditConflict",
    "agreement_create",
    "agreement_end_early",
    "agreement_extend",
    "agreement_update",
    "corporation_settings_update",
    "signature_record",
    "template_deactivate",
    "template_upload",
]

EDITABLE_FIELDS = (
    "start_date",
    "end_date",
    "guidance_hours_per_week",
    "repayment_per_month",
    "place",
    "copies",
)


def _refuse(message: str) -> None:
    raise PermissionDenied(message)


def _conflict() -> EditConflict:
    return EditConflict(
        _(
            "Someone else changed this agreement in the meantime. Reload the page to see "
            "the current version, then make your change again."
        )
    )


def _locked(agreement: Agreement, version: int | None) -> Agreement:
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if version is not None and current.version != version:
        raise _conflict()
    return current


def _bump(agreement: Agreement, **fields) -> Agreement:
    Agreement.objects.filter(pk=agreement.pk).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    agreement.refresh_from_db()
    return agreement


def _timeline(agreement: Agreement, kind: str, actor: Actor | None, summary: str) -> None:
    timeline_add(
        household=agreement.household,
        kind=kind,
        field_group=FieldGroup.TENANCY,
        actor=actor,
        summary=summary,
    )


def _set_items(agreement: Agreement, items: list[str]) -> None:
    agreement.items.all().delete()
    AgreementItem.objects.bulk_create(
        AgreementItem(agreement=agreement, position=index, text=text[:500])
        for index, text in enumerate(items, start=1)
    )


def _parties(agreement: Agreement, trajectory) -> None:
    tenants = tenants_of(trajectory.household)
    if not tenants:
        raise ValidationError(
            _("The household has no main tenant or co-tenant: add the tenant first.")
        )
    position = 0
    for spec in parties_for(agreement.form):
        if spec.role == PartyRole.TENANT:
            for person in tenants:
                position += 1
                AgreementParty.objects.create(
                    agreement=agreement,
                    role=PartyRole.TENANT,
                    person=person,
                    name=f"{person.first_name} {person.last_name}",
                    must_sign=True,
                    position=position,
                )
            continue
        organisation = (
            trajectory.corporation if spec.role == PartyRole.LANDLORD else trajectory.care_provider
        )
        if organisation is None:
            raise ValidationError(
                _("The trajectory has no care provider yet: the agreement needs one.")
            )
        position += 1
        AgreementParty.objects.create(
            agreement=agreement,
            role=spec.role,
            organisation=organisation,
            name=organisation.name,
            must_sign=spec.must_sign,
            position=position,
        )


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    trajectory,
    form: str,
    start_date: date,
    end_date: date | None = None,
    form_reason: str = "",
    guidance_hours_per_week: Decimal | None = None,
    repayment_per_month: Decimal | None = None,
    place: str = "",
    items: list[str] | None = None,
    copies: int | None = None,
) -> Agreement:
    """Draft the trajectory's agreement. The form is proposed from the legal stage and the
    corporation's preference; another form needs a reason. Parties come from the trajectory
    (the tenants are the household's main and co-tenants); the concrete agreements default
    to the form's list."""
    if not access.may_draft(actor, trajectory):
        _refuse(_("Only the coordinator or the corporation's staff can make the agreement."))
    if trajectory.is_final:
        raise ValidationError(_("This trajectory has ended: no new agreement can be made."))
    if selectors.active_agreement(trajectory) is not None:
        raise ValidationError(
            _("This trajectory already has an agreement. End it before making a new one.")
        )
    form = AgreementForm(form)
    proposed = selectors.proposed_form(trajectory)
    if needs_reason(proposed, form) and not form_reason.strip():
        raise ValidationError(
            {
                "form_reason": _(
                    "Explain why you choose another form than the proposed one (%(form)s)."
                )
                % {"form": AgreementForm(proposed).label}
            }
        )
    if not isinstance(guidance_hours_per_week, Decimal | None) or not isinstance(
        repayment_per_month, Decimal | None
    ):
        raise TypeError("hours and amounts must be Decimal")
    agreement = Agreement(
        trajectory=trajectory,
        household=trajectory.household,
        form=form,
        proposed_form=proposed,
        form_reason=form_reason.strip() if needs_reason(proposed, form) else "",
        start_date=start_date,
        end_date=end_date or default_end_date(form, start_date),
        guidance_hours_per_week=guidance_hours_per_week,
        repayment_per_month=repayment_per_month,
        place=place.strip(),
        copies=1,
        created_by=actor.user,
    )
    agreement.full_clean(exclude=["copies"])
    agreement.save()
    _parties(agreement, trajectory)
    tenant_count = agreement.parties.filter(role=PartyRole.TENANT).count()
    agreement.copies = copies or default_copies(form, tenant_count)
    agreement.save(update_fields=["copies"])
    chosen = clean_items(items) if items is not None else []
    _set_items(
        agreement,
        chosen
        or default_items(
            form,
            hours_per_week=guidance_hours_per_week,
            repayment_per_month=repayment_per_month,
        ),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=agreement,
        fields=["form", "start_date", "end_date", "items", "parties"],
    )
    _timeline(agreement, "agreement.created", actor, agreement.get_form_display())
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Actor, agreement: Agreement, version: int, items: list[str] | None = None, **changes
) -> Agreement:
    """Change the dates, hours, repayment, place, copies or the concrete agreements of a
    draft that nobody has signed yet."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if not access.may_draft(actor, agreement.trajectory):
        _refuse(_("Only the coordinator or the corporation's staff can change the agreement."))
    current = _locked(agreement, version)
    if current.status != AgreementStatus.DRAFT:
        raise ValidationError(_("A signed or ended agreement cannot be changed."))
    if current.parties.filter(signed_on__isnull=False).exists():
        raise ValidationError(_("A party has signed already: the text can no longer be changed."))
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, changes[name])
    current.full_clean()
    new_items = clean_items(items) if items is not None else None
    if new_items is not None:
        if not new_items:
            raise ValidationError({"items": _("Write at least one concrete agreement.")})
        if new_items != list(current.items.values_list("text", flat=True)):
            _set_items(current, new_items)
            changed.append("items")
    if not changed:
        return current
    current = _bump(
        current, **{name: getattr(current, name) for name in changed if name != "items"}
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=changed)
    _timeline(current, "agreement.changed", actor, current.get_form_display())
    return current


@transaction.atomic
def signature_record(
    *,
    actor: Actor,
    agreement: Agreement,
    party: AgreementParty,
    signed_on: date,
    signed_by: str = "",
    version: int,
) -> Agreement:
    """Record that ``party`` signed on ``signed_on``. When every party that must sign has
    signed, the agreement is signed (and the trajectory may reach "started")."""
    if not access.may_sign(actor, agreement):
        _refuse(_("Only the coordinator or the corporation's staff can record signatures."))
    current = _locked(agreement, version)
    if current.status == AgreementStatus.ENDED:
        raise ValidationError(_("This agreement has ended."))
    party = AgreementParty.objects.select_for_update().get(pk=party.pk, agreement=current)
    if party.signed_on is not None:
        raise ValidationError(_("This party has signed already."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A signature cannot be dated in the future.")})
    if party.role != PartyRole.TENANT and not signed_by.strip():
        raise ValidationError({"signed_by": _("Write who signed for the organisation.")})
    party.signed_on = signed_on
    # A tenant signs in person; for an organisation someone signs on its behalf.
    party.signed_by = party.name if party.role == PartyRole.TENANT else signed_by.strip()
    party.recorded_by = actor.user
    party.recorded_at = timezone.now()
    party.save(update_fields=["signed_on", "signed_by", "recorded_by", "recorded_at"])
    fields: dict = {}
    if selectors.signed_by_all(current):
        dates = [p.signed_on for p in current.parties.all() if p.must_sign]
        fields = {"status": AgreementStatus.SIGNED, "signed_on": max(dates)}
    current = _bump(current, **fields)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["signatures"])
    _timeline(current, "agreement.signed", actor, party.get_role_display())
    if fields:
        _timeline(current, "agreement.signed_by_all", actor, current.get_form_display())
    return current


@transaction.atomic
def agreement_extend(
    *,
    actor: Actor,
    agreement: Agreement,
    new_end_date: date,
    reason: str,
    version: int,
    decided_on: date | None = None,
) -> Agreement:
    """The coordinator extends a signed agreement to ``new_end_date``, with a reason."""
    if not access.may_extend_or_end(actor, agreement):
        _refuse(_("Only the coordinator can extend the agreement."))
    current = _locked(agreement, version)
    if current.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only a signed agreement that has not ended can be extended."))
    errors = extension_errors(
        current_end=current.end_date, new_end=new_end_date, start=current.start_date
    )
    if errors:
        raise ValidationError({"new_end_date": errors})
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the agreement is extended.")})
    AgreementExtension.objects.create(
        agreement=current,
        previous_end_date=current.end_date,
        new_end_date=new_end_date,
        reason=reason.strip(),
        decided_on=decided_on or timezone.localdate(),
        decided_by=actor.user,
        actor_label=actor.label,
    )
    current = _bump(current, end_date=new_end_date)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["end_date"])
    _timeline(current, "agreement.extended", actor, str(new_end_date))
    return current


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    organisation: str


def notice_recipients(agreement: Agreement) -> tuple[list[Recipient], list[str]]:
    """The contact persons (trajectory members of function "contact person") of the
    agreement's party organisations with an e-mail address, and the names of the party
    organisations that have none (their notice goes by post)."""
    from woonkans.trajectories.models import MemberFunction
    from woonkans.trajectories.selectors import current_members

    organisations = {
        p.organisation_id: p.name for p in agreement.parties.all() if p.organisation_id
    }
    found: dict[str, Recipient] = {}
    reached: set[int] = set()
    for member in current_members(agreement.trajectory, MemberFunction.CONTACTPERSOON):
        if member.organisation_id in organisations and member.user.email:
            found.setdefault(
                member.user.email.lower(),
                Recipient(
                    member.user.email,
                    member.user.get_full_name() or member.user.get_username(),
                    organisations[member.organisation_id],
                ),
            )
            reached.add(member.organisation_id)
    missing = [name for pk, name in organisations.items() if pk not in reached]
    return list(found.values()), missing


def _notice_email_body(agreement: Agreement, notice: AgreementNotice, url: str) -> str:
    # Dutch on purpose, like the notice itself; no names or amounts in the e-mail: the
    # notice is read in Woonkans.
    outcome = (
        "omdat de begeleiding is geslaagd"
        if notice.outcome == EndOutcome.SUCCESS
        else "omdat de afspraken niet zijn nagekomen"
    )
    return (
        f"De coördinator heeft de afspraken ({agreement.get_form_display()}) van huishouden "
        f"{agreement.household.reference} eerder beëindigd, {outcome}.\n\n"
        f"De afspraken stoppen op {notice.effective_on:%d-%m-%Y}.\n\n"
        f"Lees de schriftelijke mededeling in Woonkans: {url}\n"
    )


@transaction.atomic
def agreement_end_early(
    *,
    actor: Actor,
    agreement: Agreement,
    outcome: str,
    effective_on: date,
    reason: str,
    version: int,
    immediate: bool = False,
    base_url: str = "",
) -> AgreementNotice:
    """The coordinator ends the agreement early on success or failure. A written notice to
    all parties is made (PDF/DOCX from the agreement page) and an e-mail is queued for each
    contact person of every party organisation."""
    if not access.may_extend_or_end(actor, agreement):
        _refuse(_("Only the coordinator can end the agreement."))
    current = _locked(agreement, version)
    if current.status == AgreementStatus.ENDED:
        raise ValidationError(_("This agreement has ended already."))
    outcome = EndOutcome(outcome)
    today = timezone.localdate()
    if immediate:
        effective_on = today
    if effective_on < today:
        raise ValidationError({"effective_on": _("The end cannot be in the past.")})
    if effective_on > current.end_date:
        raise ValidationError(
            {"effective_on": _("An early end must be on or before the current end date.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the agreement ends.")})
    user = actor.user
    notice = AgreementNotice.objects.create(
        agreement=current,
        outcome=outcome,
        effective_on=effective_on,
        immediate=immediate,
        reason=reason.strip(),
        written_on=today,
        written_by_name=(user.get_full_name() or user.get_username()) if user else actor.label,
    )
    current = _bump(
        current,
        status=AgreementStatus.ENDED,
        ended_on=effective_on,
        end_outcome=outcome,
        end_reason=reason.strip(),
    )
    url = base_url.rstrip("/") + reverse("agreements:detail", args=[current.pk])
    recipients, _missing = notice_recipients(current)
    for recipient in recipients:
        email_queue(
            actor=actor,
            to=recipient.email,
            subject="Woonkans: afspraken eerder beëindigd",
            body=_notice_email_body(current, notice, url),
            household_id=current.household_id,
        )
    notice.emails_queued = len(recipients)
    notice.save(update_fields=["emails_queued"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        fields=["status", "ended_on", "end_outcome", "end_reason"],
    )
    _timeline(current, "agreement.ended", actor, outcome.label)
    return notice


# --- Templates and settings -------------------------------------------------------------------


@transaction.atomic
def template_upload(
    *, actor: Actor, form: str, name: str, filename: str, content: bytes
) -> AgreementTemplate:
    """Upload an organisation's own Word template for ``form``. The previous template of
    the same form stops being used."""
    if not access.may_manage_templates(actor):
        _refuse(_("Only the functional administrator can upload templates."))
    used = check_template(content, filename)
    try:
        template_html(content)  # the print version (PDF) must be possible too
    except TemplatePrintError as error:
        raise ValidationError(str(error)) from error
    AgreementTemplate.objects.filter(
        organisation=actor.organisation, form=form, is_active=True
    ).update(is_active=False)
    template = AgreementTemplate(
        organisation=actor.organisation,
        form=AgreementForm(form),
        name=name.strip() or filename,
        filename=filename[:200],
        content=content,
        size=len(content),
        placeholders=used,
        uploaded_by=actor.user,
    )
    template.full_clean()
    template.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=template, fields=["form", "content"])
    return template


@transaction.atomic
def template_deactivate(*, actor: Actor, template: AgreementTemplate) -> AgreementTemplate:
    if not access.may_manage_templates(actor) or template.organisation_id != actor.organisation.pk:
        _refuse(_("Only the functional administrator can remove templates."))
    AgreementTemplate.objects.filter(pk=template.pk).update(is_active=False)
    template.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=template, fields=["is_active"])
    return template


@transaction.atomic
def corporation_settings_update(
    *,
    actor: Actor,
    form_without_verdict: str,
    form_after_verdict: str,
    version: int | None = None,
) -> CorporationAgreementSettings:
    """The corporation's preferred forms per legal stage."""
    if not access.may_set_preferences(actor):
        _refuse(_("Only the corporation's functional administrator can set the forms."))
    corporation = actor.organisation
    if corporation.kind != OrganisationKind.WONINGCORPORATIE:  # pragma: no cover - gated above
        raise ValidationError(_("Only a housing corporation has preferred forms."))
    errors = {}
    if form_without_verdict not in FITS_STAGE[LegalStage.NO_VERDICT]:
        errors["form_without_verdict"] = _("This form does not fit a case without a verdict.")
    if form_after_verdict not in FITS_STAGE[LegalStage.VERDICT]:
        errors["form_after_verdict"] = _("This form does not fit a case after a verdict.")
    if errors:
        raise ValidationError(errors)
    settings, created = CorporationAgreementSettings.objects.select_for_update().get_or_create(
        corporation=corporation
    )
    if not created and version is not None and settings.version != version:
        raise EditConflict(
            _("Someone else changed these settings in the meantime. Reload the page.")
        )
    CorporationAgreementSettings.objects.filter(pk=settings.pk).update(
        form_without_verdict=form_without_verdict,
        form_after_verdict=form_after_verdict,
        version=F("version") + (0 if created else 1),
        updated_at=timezone.now(),
    )
    settings.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=settings,
        fields=["form_without_verdict", "form_after_verdict"],
    )
    return settings
