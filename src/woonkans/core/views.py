from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from woonkans.households.access import households_visible_to


def health(request):
    """Liveness probe for load balancers; no data, no login."""
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    actor = getattr(request, "actor", None)
    recent = households_visible_to(actor).order_by("-updated_at")[:10] if actor else []
    return render(request, "core/home.html", {"recent_households": recent})
