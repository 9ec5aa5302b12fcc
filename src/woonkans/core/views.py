from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from woonkans.households.access import households_visible_to


def health(request):
    """Liveness probe for load balancers; no data, no login."""
    return JsonResponse({"status": "ok"})


FAVICON = Path(__file__).resolve().parent.parent / "static" / "woonkans" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """``/favicon.ico`` for browsers and tools that ask for it at the root (the pages link
    the SVG and PNG icons under ``/static/``); no data, no login."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


@login_required
def home(request):
    actor = getattr(request, "actor", None)
    recent = households_visible_to(actor).order_by("-updated_at")[:10] if actor else []
    return render(request, "core/home.html", {"recent_households": recent})
