"""Pages for letters.

* Templates (``/documenten/``): collections officers and housing consultants of a
  corporation see the texts in use with their readability; the functional administrator
  edits them, with the readability updated live (htmx) as they type, and the settings.
* A letter for a household (``/documenten/huishouden/<pk>/brief/``): choose the kind,
  preview, generate, download. Only the corporation that rents the home to the household.

Everyone else gets "not found".
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required

from . import selectors, services
from .forms import LetterForm, LetterSettingsForm, LetterTemplateForm
from .kinds import LetterKind
from .placeholders import placeholders_for
from .rendering import letter_pdf, render_letter
from .selectors import LETTER_ROLES, TEMPLATE_EDIT_ROLES, TEMPLATE_VIEW_ROLES


def corporation_roles(roles: frozenset[str]):
    """An actor of a housing corporation in one of ``roles``; others get "not found"."""

    def decorator(view):
        @actor_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not selectors.is_corporation_actor(request.actor, roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _kind_or_404(kind: str) -> LetterKind:
    if kind not in LetterKind.values:
        raise Http404
    return LetterKind(kind)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _pdf_response(pdf: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- templates ----------------------------------------------------------------------------


@corporation_roles(TEMPLATE_VIEW_ROLES)
def template_list(request):
    organisation = request.actor.organisation
    rows = selectors.templates_overview(organisation)
    return render(
        request,
        "documents/template_list.html",
        {
            "rows": rows,
            "missing": [row["kind"] for row in rows if row["template"] is None],
            "settings": selectors.letter_settings_for(organisation),
            "can_edit": request.actor.role in TEMPLATE_EDIT_ROLES,
        },
    )


@corporation_roles(TEMPLATE_EDIT_ROLES)
@require_POST
def defaults_restore(request):
    """Re-create the shipped default texts that are missing."""
    restored = services.letter_defaults_restore(actor=request.actor)
    if restored:
        messages.success(
            request,
            ngettext(
                "%(count)d default text has been restored.",
                "%(count)d default texts have been restored.",
                len(restored),
            )
            % {"count": len(restored)},
        )
    else:
        messages.info(request, _("All default texts were already there."))
    return redirect("documents:templates")


def _active_or_none(request, kind):
    """The text in use of ``kind``, or None when there is none (the defaults are missing)."""
    try:
        return selectors.active_template(request.actor.organisation, kind)
    except selectors.LetterError:
        return None


@corporation_roles(TEMPLATE_EDIT_ROLES)
def template_edit(request, kind: str):
    kind = _kind_or_404(kind)
    actor = request.actor
    current = _active_or_none(request, kind)
    if current is None:
        messages.error(request, _("There is no text for this kind of letter."))
        return redirect("documents:templates")
    seen = 0 if current.is_default else current.version
    check_url = reverse("documents:template-check", kwargs={"kind": kind})
    if request.method == "POST":
        form = LetterTemplateForm(request.POST, check_url=check_url)
        if form.is_valid():
            try:
                services.letter_template_save(
                    actor=actor,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    seen_version=form.cleaned_data["seen_version"],
                )
            except services.EditConflict as conflict:
                form.add_error(None, str(conflict))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The text has been saved."))
                return redirect("documents:template-edit", kind=kind)
        title, body = request.POST.get("title", ""), request.POST.get("body", "")
    else:
        form = LetterTemplateForm(
            initial={"title": current.title, "body": current.body, "seen_version": seen},
            check_url=check_url,
        )
        title, body = current.title, current.body
    check = selectors.check_template_text(
        organisation=actor.organisation, kind=kind, title=title, body=body
    )
    return render(
        request,
        "documents/template_edit.html",
        {
            "form": form,
            "kind": kind,
            "current": current,
            "check": check,
            "placeholders": placeholders_for(kind),
            "history": selectors.template_history(actor.organisation, kind)[:20],
        },
    )


@corporation_roles(TEMPLATE_EDIT_ROLES)
@require_POST
def template_check(request, kind: str):
    """The live readability and preview of the text being typed (htmx)."""
    kind = _kind_or_404(kind)
    check = selectors.check_template_text(
        organisation=request.actor.organisation,
        kind=kind,
        title=request.POST.get("title", "")[:300],
        body=request.POST.get("body", "")[:10000],
    )
    return render(request, "documents/_template_check.html", {"check": check, "kind": kind})


@corporation_roles(TEMPLATE_EDIT_ROLES)
@require_POST
def template_reset(request, kind: str):
    kind = _kind_or_404(kind)
    services.letter_template_reset(actor=request.actor, kind=kind)
    messages.success(request, _("The default text applies again."))
    return redirect("documents:template-edit", kind=kind)


@corporation_roles(TEMPLATE_VIEW_ROLES)
def template_pdf(request, kind: str):
    """The text in use as a PDF, filled with fictional sample values."""
    kind = _kind_or_404(kind)
    organisation = request.actor.organisation
    template = _active_or_none(request, kind)
    if template is None:
        raise Http404
    try:
        letter = render_letter(
            template=template, context=selectors.sample_context(organisation, kind)
        )
    except selectors.MissingValues as missing:
        raise Http404 from missing
    return _pdf_response(letter_pdf(letter), f"voorbeeld-{kind}.pdf", attachment=False)


@corporation_roles(TEMPLATE_EDIT_ROLES)
def settings_edit(request):
    actor = request.actor
    instance = selectors.letter_settings_for(actor.organisation)
    if request.method == "POST":
        form = LetterSettingsForm(request.POST, instance=instance)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
            try:
                services.letter_settings_update(actor=actor, **values)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The letter settings have been saved."))
                return redirect("documents:templates")
    else:
        form = LetterSettingsForm(instance=instance)
    return render(request, "documents/settings_form.html", {"form": form})


# --- a letter for a household -------------------------------------------------------------


def _prepare(form):
    data = form.cleaned_data
    return selectors.prepare_letter(
        tenancy=data["tenancy"],
        kind=data["kind"],
        sent_on=data["sent_on"],
        amount_due=data["amount_due"],
        appointment=data["appointment"],
        amount_reason=data["amount_reason"],
    )


def _overdue_today(tenancies) -> list[tuple]:
    """Per tenancy: the overdue principal a 14-day letter dated today would claim."""
    today = timezone.localdate()
    return [(t, selectors.open_principal_for(t, today)) for t in tenancies]


@corporation_roles(LETTER_ROLES)
def letter_new(request, pk: int):
    actor = request.actor
    household, tenancies = selectors.household_for_letters(actor, pk)
    preview = None
    if request.method == "POST":
        form = LetterForm(request.POST, tenancies=tenancies)
        action = request.POST.get("action", "preview")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "generate":
                    letter = services.letter_generate(
                        actor=actor,
                        tenancy=data["tenancy"],
                        kind=data["kind"],
                        sent_on=data["sent_on"],
                        amount_due=data["amount_due"],
                        appointment=data["appointment"],
                        amount_reason=data["amount_reason"],
                    )
                    messages.success(
                        request,
                        _("The letter has been made. Download it below and send it."),
                    )
                    return redirect(f"{request.path}#letter-{letter.pk}")
                preview = _prepare(form)
                if preview.claim is not None and data["amount_due"] is None:
                    # Show the amount the letter claims in the field it came from.
                    form.data = form.data.copy()
                    form.data["amount_due"] = f"{preview.amount_due:.2f}".replace(".", ",")
                if action == "pdf":
                    audit_record(
                        actor=actor,
                        action=AuditAction.EXPORT,
                        obj=data["tenancy"],
                        detail=f"letter preview {data['kind']}",
                        request_path=request.path,
                    )
                    return _pdf_response(
                        letter_pdf(preview.letter), "voorbeeld.pdf", attachment=False
                    )
            except selectors.LetterError as error:
                form.add_error(None, str(error))
                preview = None
    else:
        initial = {"kind": request.GET.get("soort", LetterKind.HERINNERING)}
        if initial["kind"] == LetterKind.VEERTIENDAGENBRIEF:
            # Prefilled with the overdue principal of the (first) tenancy today.
            overdue = selectors.open_principal_for(tenancies[0], timezone.localdate()).total
            if overdue > 0:
                initial["amount_due"] = f"{overdue:.2f}".replace(".", ",")
        form = LetterForm(initial=initial, tenancies=tenancies)
    audit_view(actor=actor, obj=household, request_path=request.path)
    letters = (
        selectors.letters_visible_to(actor)
        .filter(household=household)
        .select_related("tenancy")[:50]
    )
    return render(
        request,
        "documents/letter_form.html",
        {
            "household": household,
            "form": form,
            "preview": preview,
            "letters": letters,
            "overdue": _overdue_today(tenancies),
            "today": timezone.localdate(),
        },
    )


@corporation_roles(LETTER_ROLES)
def letter_download(request, pk: int, fmt: str):
    letter = selectors.letter_for_actor(request.actor, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    file = letter.pdf if fmt == "pdf" else letter.docx
    audit_record(
        actor=request.actor,
        action=AuditAction.EXPORT,
        obj=letter,
        detail=fmt,
        request_path=request.path,
    )
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{letter.kind}-{letter.sent_on:%Y%m%d}-{letter.pk}.{fmt}",
        content_type=content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
