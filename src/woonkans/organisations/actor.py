"""Who acts, on behalf of which organisation, in which role.

Every page and API view works with an :class:`Actor`. A person with several memberships
acts for one of them at a time (chosen in the header); an API client acts for its
organisation with its configured role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import policy

if TYPE_CHECKING:
    from .models import Organisation


@dataclass(frozen=True)
class Actor:
    organisation: Organisation
    role: str
    user: Any | None = None  # accounts.User
    api_client: Any | None = None  # api.ApiClient

    def sees(self, group: str) -> bool:
        return policy.role_sees(self.role, group)

    @property
    def field_groups(self) -> frozenset[str]:
        return policy.field_groups_for(self.role)

    @property
    def sees_households(self) -> bool:
        return policy.role_sees_households(self.role)

    @property
    def purpose(self) -> str:
        return policy.purpose_for(self.role)

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        if self.api_client is not None:
            return f"api:{self.api_client.name}"
        return "system"


def system_actor(organisation: Organisation, role: str) -> Actor:
    """For scheduled jobs and management commands that act for an organisation."""
    return Actor(organisation=organisation, role=role)
