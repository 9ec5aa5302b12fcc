"""Read-only API of agreements (``/api/v1/agreements/``), through the same gate as the
agreement page (``access.agreements_visible_to``: the party organisations — corporation and
care provider — of a visible household; not the social team), audited.

The repayment per month is shown only to clients whose role has the financial field group
(as the trajectory API does with the arrears). The documents themselves (PDF, Word) are not
in the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from woonkans.api.filters import HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER, by_id
from woonkans.api.views import ApiViewMixin, audit_api_view
from woonkans.organisations.policy import FieldGroup

from . import access
from .models import Agreement, AgreementExtension, AgreementNotice, AgreementParty


class PartySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["role", "organisation", "name", "must_sign", "signed_on", "signed_by"]


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementExtension
        fields = ["decided_on", "previous_end_date", "new_end_date", "reason"]


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementNotice
        fields = ["outcome", "effective_on", "immediate", "reason", "written_on"]


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = [
            "id",
            "trajectory",
            "household",
            "form",
            "proposed_form",
            "status",
            "start_date",
            "end_date",
            "signed_on",
            "ended_on",
            "end_outcome",
            "guidance_hours_per_week",
            "repayment_per_month",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if FieldGroup.FINANCIAL not in self.context.get("field_groups", frozenset()):
            data.pop("repayment_per_month", None)
        return data


class AgreementDetailSerializer(AgreementSerializer):
    items = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    notice = serializers.SerializerMethodField()

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "form_reason",
            "end_reason",
            "place",
            "copies",
            "items",
            "parties",
            "extensions",
            "notice",
        ]

    @extend_schema_field(NoticeSerializer(allow_null=True))
    def get_notice(self, agreement):
        notice = AgreementNotice.objects.filter(agreement=agreement).first()
        return NoticeSerializer(notice).data if notice is not None else None


@extend_schema_view(
    list=extend_schema(
        summary=_("Agreements of trajectories this client's organisation is a party to"),
        parameters=[HOUSEHOLD_PARAMETER, TRAJECTORY_PARAMETER],
    ),
    retrieve=extend_schema(
        summary=_("One agreement with its concrete agreements, parties and signatures"),
        responses=AgreementDetailSerializer,
    ),
)
class AgreementViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Agreements (addendum, omklapcontract, woonbegeleidingsovereenkomst,
    vaststellingsovereenkomst) where the client's organisation is a party."""

    def get_serializer_class(self):
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementSerializer

    def get_queryset(self):
        queryset = access.agreements_visible_to(self.actor)
        queryset = by_id(queryset, self.request, "household", "household_id")
        queryset = by_id(queryset, self.request, "trajectory", "trajectory_id")
        return queryset.order_by("pk")

    def _fields(self):
        return [FieldGroup.IDENTITY] + (
            [FieldGroup.FINANCIAL] if self.actor.sees(FieldGroup.FINANCIAL) else []
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        audit_api_view(actor=self.actor, objects=page, fields=self._fields(), path=request.path)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        agreement = access.agreement_for_actor(self.actor, self.kwargs["pk"])
        audit_api_view(
            actor=self.actor, objects=[agreement], fields=self._fields(), path=request.path
        )
        return Response(self.get_serializer(agreement).data)
