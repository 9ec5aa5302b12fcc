"""Small query-parameter filters shared by the read-only API view sets.

They narrow a queryset that already went through an access gate; they never widen it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

HOUSEHOLD_PARAMETER = OpenApiParameter(
    "household", int, description=_("Only the records of this household (id).")
)
TRAJECTORY_PARAMETER = OpenApiParameter(
    "trajectory", int, description=_("Only the records of this last-chance trajectory (id).")
)


def by_id(queryset, request, parameter: str, field: str):
    """``?<parameter>=<id>`` keeps the rows whose ``field`` is that id; a value that is not
    a number matches nothing."""
    value = request.query_params.get(parameter, "").strip()
    if not value:
        return queryset
    if not value.isdigit():
        return queryset.none()
    return queryset.filter(**{field: int(value)})
