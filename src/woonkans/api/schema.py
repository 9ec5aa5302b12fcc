"""OpenAPI documentation details: the bearer scheme and the 401/404 responses.

drf-spectacular documents neither by itself. ``ApiAutoSchema`` adds a 401 to every
operation that needs a token and a 404 to every operation with an id in its path.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .permissions import IsApiClient


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "woonkans.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A client token created with `woonkans create-api-client`, sent as "
                    "`Authorization: Bearer <token>`. The client's role decides which "
                    "field groups it sees."
                )
            ),
        }


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        from .serializers import ErrorSerializer

        responses = super()._get_response_bodies(direction)
        if any(isinstance(p, IsApiClient) for p in self.view.get_permissions()):
            responses.setdefault(
                "401",
                self._get_response_for_code(
                    OpenApiResponse(
                        ErrorSerializer,
                        description=str(_("No token, or an invalid or revoked token.")),
                    ),
                    "401",
                    direction=direction,
                ),
            )
        if "{" in self.path:
            responses.setdefault(
                "404",
                self._get_response_for_code(
                    OpenApiResponse(
                        ErrorSerializer,
                        description=str(
                            _("Not found: the object does not exist or this client may not see it.")
                        ),
                    ),
                    "404",
                    direction=direction,
                ),
            )
        return responses
