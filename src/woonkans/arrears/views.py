"""Import pages of a housing corporation: upload a file, follow its import, see the result.

Only the corporation's own incassomedewerkers and functioneel beheerders (see
``selectors.IMPORT_ROLES``); everyone else, and every import of another corporation, gets
"not found". The upload is stored and queued by ``services.import_upload``; the import
itself runs in the background (``tasks.run_uploaded_import``).
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from woonkans.core.decorators import actor_required

from . import selectors, services
from .forms import ImportUploadForm, max_upload_bytes
from .uploads import progress_of

RECENT_IMPORTS = 25
#: A queued import older than this has probably not reached a worker: say so.
WAITING_TOO_LONG = timedelta(minutes=5)


def _writes_nothing(view):
    """For the request a page makes by itself every second: it writes nothing, not even
    the session (saved on every request otherwise). So polling does not count as the
    person's activity for the idle timeout, and on SQLite it is not held up by the write
    lock of the import transaction it reports on (a write would wait for it to end)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        session = getattr(request, "session", None)
        if session is not None:
            session.save = lambda *args, **kwargs: None
        return response

    return wrapper


def _require_importer(request) -> None:
    if not selectors.may_import(request.actor):
        raise Http404


@actor_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request)
    actor = request.actor
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = services.import_upload(
            actor=actor,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            extension=form.extension,
        )
        return redirect("arrears:import-batch", pk=batch.pk)
    batches = selectors.import_batches_for(actor).order_by("-created_at", "-pk")[:RECENT_IMPORTS]
    return render(
        request,
        "arrears/import.html",
        {"form": form, "batches": batches, "max_upload": max_upload_bytes()},
    )


def _status_context(batch) -> dict:
    progress = progress_of(batch)
    return {
        "batch": batch,
        "progress": progress,
        "waiting_too_long": batch.status == "queued"
        and timezone.now() - batch.created_at > WAITING_TOO_LONG,
    }


@actor_required
@require_GET
def import_batch(request, pk: int):
    _require_importer(request)
    batch = selectors.import_batch_for(request.actor, pk)
    return render(request, "arrears/import_batch.html", _status_context(batch))


@_writes_nothing
@actor_required
@require_GET
def import_progress(request, pk: int):
    """The status fragment, polled every second by the batch page until the import ends."""
    _require_importer(request)
    batch = selectors.import_batch_for(request.actor, pk)
    context = _status_context(batch)
    context["announce"] = bool(request.htmx)
    return render(request, "arrears/_import_status.html", context)
