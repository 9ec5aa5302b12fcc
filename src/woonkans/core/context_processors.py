from django.conf import settings


def woonkans(request):
    return {
        "actor": getattr(request, "actor", None),
        "memberships": getattr(request, "memberships", []),
        "DEMO": settings.DEMO,
    }
