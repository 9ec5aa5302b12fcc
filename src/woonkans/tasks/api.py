"""Read-only API of due items (``/api/v1/due-items/``), through the same gate as the task
list and the trajectory page (``access.due_items_visible_to``): the care provider sees all
items of its trajectories, the corporation the items that concern it (not care-internal
ones such as the support worker's report for the evaluation), any organisation the items
assigned to it. Audited. Incident reports are not in the API."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from woonkans.api.filters import HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER, by_id
from woonkans.api.views import ApiViewMixin, audit_api_view
from woonkans.organisations.policy import FieldGroup

from .access import due_item_for_actor, due_items_visible_to
from .models import DueItem, DueStatus
from .titles import title_for


class DueItemSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="trajectory.household_id", read_only=True)
    title = serializers.SerializerMethodField()
    responsible_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = DueItem
        fields = [
            "id",
            "trajectory",
            "household",
            "kind",
            "period_key",
            "title",
            "due_on",
            "status",
            "done_on",
            "overdue",
            "responsible_organisation",
            "responsible_function",
            "concerns_corporation",
        ]

    def get_title(self, item) -> str:
        return title_for(item.kind, item.period_key)

    def get_overdue(self, item) -> bool:
        return item.is_overdue(self.context.get("today") or timezone.localdate())


STATUS_PARAMETER = OpenApiParameter(
    "status", str, enum=DueStatus.values, description=_("Only items with this status.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Due items this client may see, earliest due first"),
        parameters=[STATUS_PARAMETER, HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One due item")),
)
class DueItemViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Due items of last-chance trajectories (what has to happen by when)."""

    serializer_class = DueItemSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        return context

    def get_queryset(self):
        queryset = due_items_visible_to(self.actor).select_related(
            "trajectory", "responsible_organisation"
        )
        status = self.request.query_params.get("status", "").strip()
        if status:
            queryset = queryset.filter(status=status)
        queryset = by_id(queryset, self.request, "household", "trajectory__household_id")
        queryset = by_id(queryset, self.request, "trajectory", "trajectory_id")
        return queryset.order_by("due_on", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.IDENTITY], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        item = due_item_for_actor(self.actor, self.kwargs["pk"])
        audit_api_view(
            actor=self.actor, objects=[item], fields=[FieldGroup.IDENTITY], path=request.path
        )
        return Response(self.get_serializer(item).data)
