from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from woonkans.organisations.actor import Actor

from .models import ApiClient, hash_token


class ApiClientUser:
    """What ``request.user`` is for an API call: not a person, but it carries the actor."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, client: ApiClient):
        self.client = client
        self.pk = None

    def get_username(self) -> str:
        return f"api:{self.client.name}"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header."))
        client = (
            ApiClient.objects.select_related("organisation")
            .filter(token_hash=hash_token(parts[1]), is_active=True, organisation__is_active=True)
            .first()
        )
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        request._request.actor = Actor(
            organisation=client.organisation, role=client.role, api_client=client
        )
        return ApiClientUser(client), client

    def authenticate_header(self, request):
        return self.keyword
