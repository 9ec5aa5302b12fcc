"""Serializers of the API. They only turn objects into JSON.

What an API client may see is decided before they run: the access gate picks the
households (``woonkans.households.access``), the selectors pick the members and
tenancies, and the view puts the client's field groups (``organisations.policy``) into the
serializer context. A serializer only declares which field group each field belongs to
(``group_of_field``); fields of groups the client lacks are left out of the payload.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from woonkans.households.models import Household, Person, Tenancy, TimelineEntry
from woonkans.households.timeline import label_for
from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import FieldGroup

G = FieldGroup


class FieldGroupSerializerMixin:
    """Leaves out the fields whose field group is not in ``context["field_groups"]``.

    Fails closed: without field groups in the context, every grouped field is left out.
    Grouped fields are documented as optional: they may be absent from a payload.
    """

    group_of_field: dict[str, str] = {}

    def get_fields(self):
        allowed = self.context.get("field_groups", frozenset())
        fields = {}
        for name, field in super().get_fields().items():
            if name in self.group_of_field:
                if self.group_of_field[name] not in allowed:
                    continue
                field.required = False
            fields[name] = field
        return fields


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong."))


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "kind", "external_kind"]


class CorporationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name"]


class ClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """Who the calling client is and what it may see."""

    client = ClientSerializer()
    organisation = OrganisationSerializer()
    role = serializers.CharField()
    field_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=FieldGroup.choices),
        help_text=_("The field groups this client's role sees."),
    )
    purpose = serializers.CharField(help_text=_("Purpose recorded in the audit log."))


class HouseholdListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = ["id", "reference", "name"]


class PersonSerializer(FieldGroupSerializerMixin, serializers.ModelSerializer):
    """A household member. Fields of field groups the client lacks are left out."""

    group_of_field = {
        "first_name": G.IDENTITY,
        "last_name": G.IDENTITY,
        "date_of_birth": G.FAMILY,
        "phone": G.CONTACT,
        "email": G.CONTACT,
    }

    class Meta:
        model = Person
        fields = ["id", "relation", "first_name", "last_name", "date_of_birth", "phone", "email"]
        extra_kwargs = {
            "date_of_birth": {"help_text": _("Only with the field group 'family'.")},
            "phone": {"help_text": _("Only with the field group 'contact'.")},
            "email": {"help_text": _("Only with the field group 'contact'.")},
        }


class TenancySerializer(serializers.ModelSerializer):
    corporation = CorporationSerializer()

    class Meta:
        model = Tenancy
        fields = [
            "id",
            "household",
            "corporation",
            "contract_number",
            "start_date",
            "end_date",
            "street",
            "house_number",
            "postcode",
            "city",
            "district",
            "rent",
        ]
        extra_kwargs = {
            "rent": {"help_text": _("Monthly rent in euros, as a string with two decimals.")}
        }


class HouseholdTenancySerializer(TenancySerializer):
    class Meta(TenancySerializer.Meta):
        fields = [f for f in TenancySerializer.Meta.fields if f != "household"]


class HouseholdDetailSerializer(FieldGroupSerializerMixin, serializers.ModelSerializer):
    """A household with its members and, with the field group 'tenancy', its tenancies."""

    members = PersonSerializer(
        many=True,
        source="visible_members",
        help_text=_("Without the field group 'family' only the (co-)tenants."),
    )
    tenancies = HouseholdTenancySerializer(
        many=True,
        source="visible_tenancies",
        help_text=_("Only with the field group 'tenancy'."),
    )
    group_of_field = {"tenancies": G.TENANCY}

    class Meta:
        model = Household
        fields = ["id", "reference", "name", "members", "tenancies"]


class TimelineEntrySerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    organisation = serializers.CharField(
        source="organisation.name",
        allow_null=True,
        default=None,
        read_only=True,
        help_text=_("The organisation that added the entry."),
    )

    class Meta:
        model = TimelineEntry
        fields = ["id", "occurred_at", "kind", "label", "summary", "field_group", "organisation"]

    @extend_schema_field(serializers.CharField(help_text=_("The kind, in words.")))
    def get_label(self, entry: TimelineEntry) -> str:
        return label_for(entry.kind)
