"""Read-only API of indications (``/api/v1/indications/``), through the same gate as the
indications panel (``access.indications_visible_to``): the care provider and the social team
of a visible trajectory see the indications with legal basis, product and hours. The
corporation sees none (its page shows only whether a valid indication exists). The reason an
indication was ended early is on no page, so not in the API either. Audited."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from woonkans.api.filters import HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER, by_id
from woonkans.api.views import ApiViewMixin, audit_api_view
from woonkans.organisations.policy import FieldGroup

from . import access
from .models import Indication, IndicationActivity


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicationActivity
        fields = ["activity", "hours_per_week"]


class IndicationSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="trajectory.household_id", read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    last_day = serializers.DateField(read_only=True)
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    valid_today = serializers.SerializerMethodField()
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Indication
        fields = [
            "id",
            "trajectory",
            "household",
            "issued_by",
            "legal_basis",
            "product",
            "product_category",
            "product_code",
            "start_date",
            "end_date",
            "ended_on",
            "last_day",
            "valid_today",
            "hours_per_week",
            "activities",
        ]

    def get_valid_today(self, indication) -> bool:
        return indication.is_valid_on(self.context.get("today") or timezone.localdate())


@extend_schema_view(
    list=extend_schema(
        summary=_("Indications of trajectories where this client is care provider or social team"),
        parameters=[HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One indication with its hours per activity")),
)
class IndicationViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Indications (Wmo, Wlz, Jeugdwet, justice): the legal basis of the guidance."""

    serializer_class = IndicationSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        return context

    def get_queryset(self):
        queryset = (
            access.indications_visible_to(self.actor)
            .select_related("trajectory", "issued_by")
            .prefetch_related("activities")
        )
        queryset = by_id(queryset, self.request, "household", "trajectory__household_id")
        queryset = by_id(queryset, self.request, "trajectory", "trajectory_id")
        return queryset.order_by("pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(actor=self.actor, objects=page, fields=[FieldGroup.CARE], path=request.path)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        indication = self.get_object()
        audit_api_view(
            actor=self.actor, objects=[indication], fields=[FieldGroup.CARE], path=request.path
        )
        return Response(self.get_serializer(indication).data)
