from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def actor_required(view):
    """Login required, and the person must act for an organisation."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "actor", None) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str):
    """Only actors in one of ``roles``; others get "not found"."""

    def decorator(view):
        @actor_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.actor.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
