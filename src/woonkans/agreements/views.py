"""Pages of the agreements: draft from a trajectory, the agreement page with signatures
and downloads, edit, extend, end early, and the template page of the functioneel beheerder.
Thin: the gate and the permissions in ``access.py``, the rules in ``rules.py``, the changes
in ``services.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required
from woonkans.trajectories.access import trajectory_for_actor

from . import access, forms, selectors, services
from .document import (
    PLACEHOLDERS,
    agreement_context,
    agreement_document,
    agreement_docx,
    agreement_pdf,
    notice_document,
    notice_docx,
    notice_pdf,
    standard_readability,
)
from .docx_templates import fill_template
from .models import AgreementStatus, AgreementTemplate, CorporationAgreementSettings
from .rules import AgreementForm
from .template_print import TemplatePrintError, template_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(agreement, suffix: str) -> str:
    return f"{agreement.form}-{agreement.household.reference}.{suffix}"


@actor_required
def agreement_new(request, trajectory_pk: int):
    actor = request.actor
    trajectory = trajectory_for_actor(actor, trajectory_pk)
    if not access.may_draft(actor, trajectory):
        raise Http404
    existing = selectors.active_agreement(trajectory)
    if existing is not None:
        return redirect("agreements:detail", pk=existing.pk)
    audit_view(actor=actor, obj=trajectory.household, request_path=request.path)
    proposed = selectors.proposed_form(trajectory)
    form = forms.AgreementCreateForm(
        request.POST or None,
        initial={"form": proposed, "start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=actor, trajectory=trajectory, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The agreement was drafted. Check the text, then sign."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/new.html",
        {
            "trajectory": trajectory,
            "form": form,
            "proposed": AgreementForm(proposed),
            "stage": trajectory.get_legal_stage_display(),
        },
    )


@actor_required
def agreement_detail(request, pk: int):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    audit_view(actor=actor, obj=agreement, request_path=request.path)
    document = agreement_document(agreement)
    parties = list(agreement.parties.select_related("organisation", "recorded_by"))
    unsigned = [p for p in parties if p.signed_on is None]
    may_sign = access.may_sign(actor, agreement) and not agreement.is_ended and unsigned
    notice = getattr(agreement, "notice", None) if agreement.is_ended else None
    missing_contacts = []
    if notice is not None:
        _recipients, missing_contacts = services.notice_recipients(agreement)
    context = {
        "agreement": agreement,
        "trajectory": agreement.trajectory,
        "parties": parties,
        "items": list(agreement.items.all()),
        "extensions": list(agreement.extensions.all()),
        "notice": notice,
        "missing_contacts": missing_contacts,
        "missing_signatures": selectors.missing_signatures(agreement),
        "report": document.readability,
        "templates": list(selectors.templates_for(agreement)),
        "may_edit": access.may_draft(actor, agreement.trajectory)
        and agreement.status == AgreementStatus.DRAFT
        and not any(p.signed_on for p in parties),
        "sign_form": forms.SignatureForm(parties=unsigned, initial={"version": agreement.version})
        if may_sign
        else None,
        "may_extend_or_end": access.may_extend_or_end(actor, agreement)
        and agreement.status == AgreementStatus.SIGNED,
        "may_end_draft": access.may_extend_or_end(actor, agreement)
        and agreement.status == AgreementStatus.DRAFT,
        "end_passed": not agreement.is_ended and agreement.end_date < timezone.localdate(),
    }
    return render(request, "agreements/detail.html", context)


@actor_required
def agreement_edit(request, pk: int):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if not access.may_draft(actor, agreement.trajectory):
        raise Http404
    initial = {
        "version": agreement.version,
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "guidance_hours_per_week": agreement.guidance_hours_per_week,
        "repayment_per_month": agreement.repayment_per_month,
        "place": agreement.place,
        "copies": agreement.copies,
        "items": "\n".join(agreement.items.values_list("text", flat=True)),
    }
    form = forms.AgreementEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.agreement_update(
                actor=actor, agreement=agreement, version=form.cleaned_data["version"], **values
            )
        except services.EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    audit_view(actor=actor, obj=agreement, request_path=request.path)
    return render(request, "agreements/edit.html", {"agreement": agreement, "form": form})


@actor_required
@require_POST
def signature_add(request, pk: int):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if not access.may_sign(actor, agreement):
        raise Http404
    unsigned = list(agreement.parties.filter(signed_on__isnull=True))
    form = forms.SignatureForm(request.POST, parties=unsigned)
    if form.is_valid():
        party = next(p for p in unsigned if p.pk == form.cleaned_data["party"])
        try:
            services.signature_record(
                actor=actor,
                agreement=agreement,
                party=party,
                signed_on=form.cleaned_data["signed_on"],
                signed_by=form.cleaned_data["signed_by"],
                version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            messages.error(request, str(conflict))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The signature was recorded."))
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("agreements:detail", pk=agreement.pk)


@actor_required
def agreement_extend(request, pk: int):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if not access.may_extend_or_end(actor, agreement):
        raise Http404
    form = forms.ExtendForm(request.POST or None, initial={"version": agreement.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_extend(actor=actor, agreement=agreement, **form.cleaned_data)
        except services.EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The agreement was extended."))
            return redirect("agreements:detail", pk=agreement.pk)
    audit_view(actor=actor, obj=agreement, request_path=request.path)
    return render(
        request,
        "agreements/step.html",
        {
            "agreement": agreement,
            "form": form,
            "title": _("Extend the agreement"),
            "button": _("Extend"),
        },
    )


@actor_required
def agreement_end(request, pk: int):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if not access.may_extend_or_end(actor, agreement) or agreement.is_ended:
        raise Http404
    form = forms.EndForm(
        request.POST or None,
        initial={"version": agreement.version, "effective_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.agreement_end_early(
                actor=actor,
                agreement=agreement,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except services.EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The agreement has ended. The notice is ready; e-mails queued: %(count)s.")
                % {"count": notice.emails_queued},
            )
            return redirect("agreements:detail", pk=agreement.pk)
    audit_view(actor=actor, obj=agreement, request_path=request.path)
    return render(
        request,
        "agreements/step.html",
        {
            "agreement": agreement,
            "form": form,
            "title": _("End the agreement early"),
            "button": _("End the agreement and write the notice"),
        },
    )


def _export(actor, agreement, request, detail: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=agreement,
        detail=detail,
        request_path=request.path,
    )


@actor_required
def agreement_download(request, pk: int, fmt: str):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    document = agreement_document(agreement)
    _export(actor, agreement, request, f"agreement {fmt}")
    if fmt == "pdf":
        return _download(agreement_pdf(document), _filename(agreement, "pdf"), "application/pdf")
    return _download(agreement_docx(document), _filename(agreement, "docx"), DOCX)


@actor_required
def agreement_download_own(request, pk: int, template_pk: int, fmt: str = "docx"):
    """The agreement in a party organisation's own Word template: the filled Word file, or
    its print version as PDF (``template_print``). When the template cannot be printed the
    user is sent back to the agreement page with the reason, and nothing is downloaded."""
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    template = selectors.templates_for(agreement).filter(pk=template_pk).first()
    if template is None or fmt not in ("pdf", "docx"):
        raise Http404
    context = agreement_context(agreement)
    content = fill_template(bytes(template.content), context)
    if fmt == "pdf":
        try:
            content = template_pdf(
                content,
                form=agreement.form,
                template_name=template.name,
                organisation=template.organisation.name,
                reference=str(context["overeenkomstnummer"]),
                author=template.organisation.name,
            )
        except TemplatePrintError as error:
            messages.error(request, str(error))
            return redirect("agreements:detail", pk=agreement.pk)
    _export(actor, agreement, request, f"agreement own template {template.pk} {fmt}")
    if fmt == "pdf":
        return _download(content, _filename(agreement, "pdf"), "application/pdf")
    return _download(content, _filename(agreement, "docx"), DOCX)


@actor_required
def notice_download(request, pk: int, fmt: str):
    actor = request.actor
    agreement = access.agreement_for_actor(actor, pk)
    if fmt not in ("pdf", "docx") or not hasattr(agreement, "notice"):
        raise Http404
    document = notice_document(agreement)
    _export(actor, agreement, request, f"notice {fmt}")
    name = f"mededeling-einde-{agreement.household.reference}.{fmt}"
    if fmt == "pdf":
        return _download(notice_pdf(document), name, "application/pdf")
    return _download(notice_docx(document), name, DOCX)


# --- Templates and settings (functioneel beheerder) -----------------------------------------


@actor_required
def template_list(request):
    actor = request.actor
    if not access.may_manage_templates(actor):
        raise Http404
    organisation = actor.organisation
    upload = forms.TemplateUploadForm(request.POST or None, request.FILES or None, prefix="upload")
    settings = CorporationAgreementSettings.objects.filter(corporation=organisation).first()
    settings_form = None
    if access.may_set_preferences(actor):
        settings_form = forms.CorporationSettingsForm(
            request.POST if "settings-version" in request.POST else None,
            prefix="settings",
            initial={
                "version": settings.version if settings else 1,
                "form_without_verdict": settings.form_without_verdict
                if settings
                else AgreementForm.ADDENDUM,
                "form_after_verdict": settings.form_after_verdict
                if settings
                else AgreementForm.WOONBEGELEIDINGSOVEREENKOMST,
            },
        )
    if request.method == "POST":
        if settings_form is not None and settings_form.is_bound:
            if settings_form.is_valid():
                try:
                    services.corporation_settings_update(actor=actor, **settings_form.cleaned_data)
                except services.EditConflict as conflict:
                    settings_form.add_error(None, str(conflict))
                except ValidationError as error:
                    _apply_errors(settings_form, error)
                else:
                    messages.success(request, _("The preferred forms were saved."))
                    return redirect("agreements:templates")
            upload = forms.TemplateUploadForm(prefix="upload")
        elif upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                services.template_upload(
                    actor=actor,
                    form=upload.cleaned_data["form"],
                    name=upload.cleaned_data["name"],
                    filename=file.name,
                    content=file.read(),
                )
            except ValidationError as error:
                upload.add_error("file", error.messages)
            else:
                messages.success(request, _("The template was checked and saved."))
                return redirect("agreements:templates")
    templates = AgreementTemplate.objects.filter(organisation=organisation, is_active=True)
    forms_with_scores = [
        (AgreementForm(value), standard_readability(value)) for value in AgreementForm.values
    ]
    return render(
        request,
        "agreements/templates.html",
        {
            "upload": upload,
            "settings_form": settings_form,
            "templates": templates,
            "placeholders": PLACEHOLDERS,
            "forms_with_scores": forms_with_scores,
        },
    )


@actor_required
@require_POST
def template_remove(request, pk: int):
    actor = request.actor
    if not access.may_manage_templates(actor):
        raise Http404
    template = AgreementTemplate.objects.filter(
        pk=pk, organisation=actor.organisation, is_active=True
    ).first()
    if template is None:
        raise Http404
    try:
        services.template_deactivate(actor=actor, template=template)
    except PermissionDenied as exc:  # pragma: no cover - gated above
        raise Http404 from exc
    messages.success(request, _("The template is no longer used."))
    return redirect("agreements:templates")
