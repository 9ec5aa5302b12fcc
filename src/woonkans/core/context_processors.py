from django.conf import settings

from .navigation import menu_for


def woonkans(request):
    actor = getattr(request, "actor", None)
    match = getattr(request, "resolver_match", None)
    return {
        "actor": actor,
        "memberships": getattr(request, "memberships", []),
        "menu": menu_for(actor, match.view_name if match else ""),
        "DEMO": settings.DEMO,
    }
