"""Read-only API of last-chance trajectories (``/api/v1/trajectories/``) through the same
gate as the pages (``access.trajectories_visible_to``), audited. The stage, the people and
the history; arrears only for clients with the financial field group. Guidance notes and
the Plan van Aanpak are not in the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from woonkans.api.views import ApiViewMixin, audit_api_view
from woonkans.organisations.policy import FieldGroup

from . import access, holds, selectors
from .models import FINAL_STATES, Trajectory, TrajectoryMember, Transition


class TransitionSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Transition
        fields = ["from_state", "to_state", "occurred_on", "reason", "organisation", "role"]


class MemberSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = TrajectoryMember
        fields = ["function", "name", "organisation", "started_on", "ended_on"]

    def get_name(self, member) -> str:
        return member.user.get_full_name() or member.user.get_username()


class TrajectorySerializer(serializers.ModelSerializer):
    corporation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    care_provider = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    social_team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    referred_by = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    guidance_started_on = serializers.SerializerMethodField()
    evaluation_due_on = serializers.SerializerMethodField()

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "household",
            "corporation",
            "care_provider",
            "social_team",
            "referred_by",
            "referred_on",
            "legal_stage",
            "verdict_date",
            "priority",
            "state",
            "state_since",
            "arrears_at_referral",
            "guidance_started_on",
            "evaluation_due_on",
        ]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_guidance_started_on(self, trajectory):
        return selectors.guidance_started_on(trajectory)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_evaluation_due_on(self, trajectory):
        return selectors.evaluation_due_on(trajectory)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if FieldGroup.FINANCIAL not in self.context.get("field_groups", frozenset()):
            data.pop("arrears_at_referral", None)
        return data


class HoldSerializer(serializers.Serializer):
    """The period the trajectory holds the corporation's eviction route."""

    since = serializers.DateField(help_text=_("First day of the hold (the referral)."))
    until = serializers.DateField(
        allow_null=True, help_text=_("Day the hold ended; null while the trajectory runs.")
    )
    resumes = serializers.BooleanField(
        help_text=_("The eviction route resumed (declined, not admitted, non-cooperation).")
    )


class TrajectoryDetailSerializer(TrajectorySerializer):
    members = serializers.SerializerMethodField()
    transitions = TransitionSerializer(many=True, read_only=True)
    eviction_hold = serializers.SerializerMethodField()

    class Meta(TrajectorySerializer.Meta):
        fields = [*TrajectorySerializer.Meta.fields, "eviction_hold", "members", "transitions"]

    @extend_schema_field(HoldSerializer(allow_null=True))
    def get_eviction_hold(self, trajectory) -> dict | None:
        period = holds.hold_of(trajectory)
        if period is None:
            return None
        return HoldSerializer(
            {"since": period.since, "until": period.until, "resumes": period.resumes}
        ).data

    def get_members(self, trajectory) -> list[dict]:
        return MemberSerializer(selectors.current_members(trajectory), many=True).data


STATE_PARAMETER = OpenApiParameter(
    "state", str, description=_("Only trajectories in this state; 'all' includes ended ones.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Last-chance trajectories this client's organisation takes part in"),
        parameters=[STATE_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One trajectory with its people and history")),
)
class TrajectoryViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Trajectories where the client's organisation is the corporation, the care provider or
    the social team."""

    def get_serializer_class(self):
        return TrajectoryDetailSerializer if self.action == "retrieve" else TrajectorySerializer

    def get_queryset(self):
        queryset = access.trajectories_visible_to(self.actor).select_related(
            "corporation", "care_provider", "social_team", "referred_by"
        )
        state = self.request.query_params.get("state", "").strip()
        if state == "":
            queryset = queryset.exclude(state__in=list(FINAL_STATES))
        elif state != "all":
            queryset = queryset.filter(state=state)
        return queryset.order_by("-priority", "referred_on", "pk")

    def get_object(self):
        return access.trajectory_for_actor(self.actor, self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.IDENTITY], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        trajectory = self.get_object()
        audit_api_view(
            actor=self.actor,
            objects=[trajectory],
            fields=[FieldGroup.IDENTITY]
            + ([FieldGroup.FINANCIAL] if self.actor.sees(FieldGroup.FINANCIAL) else []),
            path=request.path,
        )
        return Response(self.get_serializer(trajectory).data)
