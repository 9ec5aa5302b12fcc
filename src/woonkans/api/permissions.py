from rest_framework.permissions import BasePermission

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only calls with a valid client token. Object access goes through the access gates."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)
