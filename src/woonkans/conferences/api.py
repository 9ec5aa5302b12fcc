"""Read-only API of case conferences (``/api/v1/conferences/``), through the same gate as
the conference pages (``access.conferences_visible_to``: people in the conference roles of
the organiser or an invited organisation) and, inside a meeting, need-to-know per case
(``access.items_visible_to``): a case is shown only to a client that may see its trajectory;
the others are counted (``hidden_cases``), as on the page. Audited: the meeting, and each
household whose case is shown."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from woonkans.api.views import AUDIT_DETAIL, ApiViewMixin, audit_api_view
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.organisations.policy import FieldGroup, Purpose

from . import access
from .models import ActionPoint, AgendaItem, Attendance, Conference, Decision


class ActionPointSerializer(serializers.ModelSerializer):
    responsible = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ActionPoint
        fields = ["description", "responsible", "due_on"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["outcome", "reasons", "decided_on"]


class AgendaItemSerializer(serializers.ModelSerializer):
    household = serializers.SerializerMethodField()
    name = serializers.CharField(source="snapshot_name", read_only=True)
    reference = serializers.CharField(source="snapshot_reference", read_only=True)
    state = serializers.CharField(source="snapshot_state", read_only=True)
    priority = serializers.BooleanField(source="snapshot_priority", read_only=True)
    reason = serializers.CharField(source="snapshot_reason", read_only=True)
    decision = serializers.SerializerMethodField()
    action_points = ActionPointSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "trajectory",
            "household",
            "topic",
            "source",
            "name",
            "reference",
            "state",
            "priority",
            "reason",
            "note",
            "decision",
            "action_points",
        ]

    def get_household(self, item) -> int | None:
        return item.trajectory.household_id if item.trajectory_id else None

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, item):
        decision = getattr(item, "decision", None) if item.trajectory_id else None
        return DecisionSerializer(decision).data if decision is not None else None


class AttendanceSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Attendance
        fields = ["organisation", "person_name", "status"]


class ConferenceSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    invited = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    chair = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "title",
            "date",
            "start_time",
            "end_time",
            "status",
            "place",
            "online_link",
            "organiser",
            "invited",
            "chair",
        ]

    def get_chair(self, conference) -> str:
        return conference.chair.get_full_name() or conference.chair.get_username()


class ConferenceDetailSerializer(ConferenceSerializer):
    agenda = serializers.SerializerMethodField()
    hidden_cases = serializers.SerializerMethodField()
    attendance = AttendanceSerializer(many=True, read_only=True)
    general_action_points = serializers.SerializerMethodField()

    class Meta(ConferenceSerializer.Meta):
        fields = [
            *ConferenceSerializer.Meta.fields,
            "agenda",
            "hidden_cases",
            "attendance",
            "general_action_points",
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, conference):
        return AgendaItemSerializer(self.context["visible_items"], many=True).data

    def get_hidden_cases(self, conference) -> int:
        shown = sum(1 for item in self.context["visible_items"] if item.trajectory_id)
        return conference.items.filter(trajectory__isnull=False).count() - shown

    @extend_schema_field(ActionPointSerializer(many=True))
    def get_general_action_points(self, conference):
        points = conference.action_points.filter(item__isnull=True).select_related("responsible")
        return ActionPointSerializer(points, many=True).data


@extend_schema_view(
    list=extend_schema(
        summary=_("Case conferences this client's organisation organises or is invited to")
    ),
    retrieve=extend_schema(
        summary=_("One case conference with the agenda items this client may see"),
        responses=ConferenceDetailSerializer,
    ),
)
class ConferenceViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Case conferences (casusoverleg): meeting, agenda, decisions, attendance."""

    def get_serializer_class(self):
        return ConferenceDetailSerializer if self.action == "retrieve" else ConferenceSerializer

    def get_queryset(self):
        return (
            access.conferences_visible_to(self.actor)
            .select_related("organiser", "chair")
            .prefetch_related("invited")
            .order_by("date", "start_time", "pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(actor=self.actor, objects=page, fields=[], path=request.path)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        conference = access.conference_for_actor(self.actor, self.kwargs["pk"])
        items = list(
            access.items_visible_to(self.actor, conference)
            .select_related("trajectory", "decision")
            .prefetch_related(
                Prefetch(
                    "action_points", queryset=ActionPoint.objects.select_related("responsible")
                )
            )
            .order_by("position", "pk")
        )
        audit_api_view(actor=self.actor, objects=[conference], fields=[], path=request.path)
        for household_id in sorted({i.trajectory.household_id for i in items if i.trajectory_id}):
            audit_record(
                actor=self.actor,
                action=AuditAction.VIEW,
                household_id=household_id,
                fields=[FieldGroup.IDENTITY],
                detail=AUDIT_DETAIL,
                purpose=Purpose.LAATSTE_KANS,
                request_path=request.path,
            )
        context = self.get_serializer_context()
        context["visible_items"] = items
        serializer = ConferenceDetailSerializer(conference, context=context)
        return Response(serializer.data)
