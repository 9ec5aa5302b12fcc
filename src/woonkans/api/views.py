"""API views. Every read of household data goes through the access gate (via
``selectors``), is shaped by the client's field groups, and is written to the audit log.

The calling client is ``request.auth`` (an :class:`ApiClient`); the acting
:class:`Actor` (organisation + role) is ``request.actor``, set by
:class:`~woonkans.api.authentication.BearerTokenAuthentication`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.access import household_for_actor
from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup

from . import selectors
from .schema import ApiAutoSchema
from .serializers import (
    HouseholdDetailSerializer,
    HouseholdListSerializer,
    MeSerializer,
    TenancySerializer,
    TimelineEntrySerializer,
)

AUDIT_DETAIL = "api"


def audit_api_view(*, actor: Actor, objects: Iterable, fields: Iterable[str], path: str) -> None:
    """One VIEW event per object shown (household, or tenancy of a household)."""
    with transaction.atomic():
        for obj in objects:
            audit_record(
                actor=actor,
                action=AuditAction.VIEW,
                obj=obj,
                fields=fields,
                detail=AUDIT_DETAIL,
                request_path=path,
            )


class ApiViewMixin:
    """Base for API views: documents 401/404 and hands the field groups to serializers."""

    schema = ApiAutoSchema()

    @property
    def actor(self) -> Actor | None:
        return getattr(self.request, "actor", None)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):  # schema generation: document all
            context["field_groups"] = frozenset(FieldGroup.values)
        else:
            context["field_groups"] = self.actor.field_groups if self.actor else frozenset()
        return context


REFERENCE_PARAMETER = OpenApiParameter(
    "reference", str, description=_("Only the household with this household number.")
)
CONTRACT_PARAMETER = OpenApiParameter(
    "contract_number", str, description=_("Only tenancies with this contract number.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Households this client may see"),
        parameters=[REFERENCE_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One household with its members and tenancies")),
)
class HouseholdViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Households where the client's organisation is the landlord or is involved."""

    def get_queryset(self):
        return selectors.households_for_api(
            self.actor, reference=self.request.query_params.get("reference", "").strip()
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return HouseholdDetailSerializer
        if self.action == "timeline":
            return TimelineEntrySerializer
        return HouseholdListSerializer

    def get_object(self):
        return selectors.household_detail_for_api(self.actor, self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.IDENTITY], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        household = self.get_object()
        shown = {FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.FAMILY, FieldGroup.TENANCY}
        audit_api_view(
            actor=self.actor,
            objects=[household],
            fields=shown & self.actor.field_groups,
            path=request.path,
        )
        return Response(self.get_serializer(household).data)

    @extend_schema(
        summary=_("A household's timeline, limited to the client's field groups"),
        responses=TimelineEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        household = household_for_actor(self.actor, pk)
        page = self.paginate_queryset(selectors.timeline_for_api(self.actor, household))
        audit_api_view(
            actor=self.actor,
            objects=[household],
            fields=self.actor.field_groups,
            path=request.path,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Tenancies of households this client may see"),
        parameters=[CONTRACT_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One tenancy")),
)
class TenancyViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Tenancies (leases). Only for roles with the field group 'tenancy'."""

    serializer_class = TenancySerializer

    def get_queryset(self):
        return selectors.tenancies_for_api(
            self.actor,
            contract_number=self.request.query_params.get("contract_number", "").strip(),
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.TENANCY], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        tenancy = self.get_object()
        audit_api_view(
            actor=self.actor, objects=[tenancy], fields=[FieldGroup.TENANCY], path=request.path
        )
        return Response(self.get_serializer(tenancy).data)


class OrganisationMeView(ApiViewMixin, APIView):
    """The calling client, its organisation, its role and the field groups it sees."""

    @extend_schema(summary=_("The calling client and its organisation"), responses=MeSerializer)
    def get(self, request):
        actor = self.actor
        data = {
            "client": request.auth,
            "organisation": actor.organisation,
            "role": actor.role,
            "field_groups": sorted(actor.field_groups),
            "purpose": actor.purpose,
        }
        return Response(MeSerializer(data).data)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document: YAML, or JSON with ``?format=json``. Public."""

    authentication_classes = []
    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the app's own static files; its script is a separate URL, so the
    page works under the project's CSP (``script-src 'self'``). Public."""

    authentication_classes = []
    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
