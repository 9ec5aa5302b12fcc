"""Read-only API of budget management and the debt inventory (``/api/v1/budgets/``,
``/api/v1/debts/``), for API clients of the organisations that may see them on the pages:
the same gate (``access.budgets_visible_to`` / ``access.debts_visible_to``), audited."""

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

from . import access, selectors
from .models import BudgetManagement, Debt, FixedCharge, IncomeSource


class IncomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncomeSource
        fields = ["id", "kind", "description", "amount", "payment_day"]


class ChargeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FixedCharge
        fields = ["id", "kind", "payee", "amount", "due_day"]


class OverviewSerializer(serializers.Serializer):
    income = serializers.DecimalField(max_digits=12, decimal_places=2)
    fixed_charges = serializers.DecimalField(max_digits=12, decimal_places=2)
    living_money = serializers.DecimalField(max_digits=12, decimal_places=2)
    repayments = serializers.DecimalField(max_digits=12, decimal_places=2)
    balance = serializers.DecimalField(max_digits=12, decimal_places=2)


class BudgetSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    incomes = IncomeSerializer(many=True, read_only=True)
    charges = ChargeSerializer(many=True, read_only=True)
    overview = serializers.SerializerMethodField()

    class Meta:
        model = BudgetManagement
        fields = [
            "id",
            "household",
            "organisation",
            "started_on",
            "ended_on",
            "living_money_amount",
            "living_money_frequency",
            "reserve_target",
            "reserve_balance",
            "incomes",
            "charges",
            "overview",
        ]

    @extend_schema_field(OverviewSerializer)
    def get_overview(self, budget) -> dict:
        return OverviewSerializer(selectors.overview_for(budget)).data


class DebtSerializer(serializers.ModelSerializer):
    handed_over_to = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Debt
        fields = [
            "id",
            "household",
            "creditor_name",
            "kind",
            "reference",
            "amount",
            "status",
            "priority",
            "priority_override_reason",
            "monthly_repayment",
            "handed_over_to",
            "handed_over_on",
        ]


HOUSEHOLD_PARAMETER = OpenApiParameter(
    "household", int, description=_("Only the records of this household (id).")
)


def _household_filter(queryset, request):
    household = request.query_params.get("household", "").strip()
    if household:
        if not household.isdigit():
            return queryset.none()
        queryset = queryset.filter(household_id=int(household))
    return queryset


@extend_schema_view(
    list=extend_schema(
        summary=_("Budget managements this client may see"), parameters=[HOUSEHOLD_PARAMETER]
    ),
    retrieve=extend_schema(summary=_("One budget management with its monthly overview")),
)
class BudgetViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Budget management of households where the client's organisation is involved: only
    for financial consultants of a budget-management or debt-help organisation and the
    coordinator."""

    serializer_class = BudgetSerializer

    def get_queryset(self):
        queryset = access.budgets_visible_to(self.actor).prefetch_related("incomes", "charges")
        return _household_filter(queryset.select_related("organisation"), self.request).order_by(
            "-started_on", "pk"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.FINANCIAL], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        budget = self.get_object()
        audit_api_view(
            actor=self.actor, objects=[budget], fields=[FieldGroup.FINANCIAL], path=request.path
        )
        return Response(self.get_serializer(budget).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Debts this client may see, most urgent first"), parameters=[HOUSEHOLD_PARAMETER]
    ),
    retrieve=extend_schema(summary=_("One debt")),
)
class DebtViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The debt inventory of households where the client's organisation is involved (same
    access as budget management)."""

    serializer_class = DebtSerializer

    def get_queryset(self):
        queryset = access.debts_visible_to(self.actor).select_related("handed_over_to")
        return _household_filter(queryset, self.request).order_by(
            "household_id", "priority", "-amount", "pk"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(
            actor=self.actor, objects=page, fields=[FieldGroup.FINANCIAL], path=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        debt = self.get_object()
        audit_api_view(
            actor=self.actor, objects=[debt], fields=[FieldGroup.FINANCIAL], path=request.path
        )
        return Response(self.get_serializer(debt).data)
