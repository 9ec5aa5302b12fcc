"""Public API calculators for repayment capacity and payment plans (no token needed).

``POST /api/v1/calculators/afloscapaciteit`` and ``POST /api/v1/calculators/betalingsregeling``,
included from ``woonkans.api.calculators``. Amounts are strings with two decimals; inputs
take a JSON string ("1250.50" or "1250,50") or a JSON number. Nothing is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from woonkans.api.serializers import ErrorSerializer
from woonkans.arrears.costs import AmountError, parse_amount
from woonkans.norms.selectors import NormNotFound

from . import plans, rules, selectors
from .models import Situation

#: The API's household situations (issue 5) and the keys of the norm tables.
LEEFSITUATIES = {
    "alleenstaande": Situation.ALLEENSTAANDE,
    "alleenstaande_ouder": Situation.ALLEENSTAANDE_OUDER,
    "gehuwd": Situation.GEHUWDEN,
    "gehuwd_met_kinderen": Situation.GEHUWDEN_MET_KINDEREN,
}
MAX_TERMIJNEN = 600


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


class InputError(ValueError):
    pass


def _amount(data, name: str, *, required: bool = True, default: Decimal | None = None):
    if name not in data or data.get(name) in (None, ""):
        if required:
            raise InputError(_("%(name)s is required.") % {"name": name})
        return default
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(_("%(name)s must be an amount.") % {"name": name})
    try:
        return parse_amount(str(value))
    except AmountError as error:
        raise InputError(f"{name}: {error}") from None


def _date(data, name: str) -> date:
    value = data.get(name)
    if value in (None, ""):
        return timezone.localdate()
    if not isinstance(value, str):
        raise InputError(_("%(name)s must be a date as YYYY-MM-DD.") % {"name": name})
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(_("%(name)s must be a date as YYYY-MM-DD.") % {"name": name}) from None


def _object(request):
    data = request.data
    if not hasattr(data, "get") or isinstance(data, list):
        raise InputError(_("Send a JSON object."))
    return data


def _error(message) -> Response:
    return Response({"detail": str(message)}, status=status.HTTP_400_BAD_REQUEST)


# --- afloscapaciteit ----------------------------------------------------------------------


class CapacityRequestSerializer(serializers.Serializer):
    leefsituatie = serializers.ChoiceField(
        choices=list(LEEFSITUATIES),
        help_text=gettext_lazy("Household situation of the beslagvrije voet."),
    )
    netto_inkomen = serializers.CharField(
        help_text=gettext_lazy(
            'Net income per month including holiday allowance, e.g. "1850.00" or 1850.'
        )
    )
    peildatum = serializers.DateField(
        required=False, help_text=gettext_lazy("Reference date; default today.")
    )
    compensatiekop = serializers.CharField(
        required=False,
        help_text=gettext_lazy(
            # xgettext:no-python-format
            "Optional: the top-up of the middle income group from an official calculation. "
            "Without it, an income above the norm gets the upper bound (the lower of the "
            "maximum and 95% of the income)."
        ),
    )


class NormUsedSerializer(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    key = serializers.CharField()
    value = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()
    valid_from = serializers.DateField()
    verified = serializers.BooleanField(
        help_text=gettext_lazy("false: a labelled default that is still to be verified.")
    )


class CapacityResponseSerializer(serializers.Serializer):
    leefsituatie = serializers.CharField()
    peildatum = serializers.DateField()
    netto_inkomen = serializers.CharField()
    inkomensgroep = serializers.ChoiceField(
        choices=["laag", "midden", "hoog", "boven_norm", "geen"],
        help_text=gettext_lazy(
            "laag: at or below the norm; midden/hoog: with the top-up given; boven_norm: "
            "above the norm without top-up, upper bound used."
        ),
    )
    beslagvrije_voet = serializers.CharField()
    afloscapaciteit = serializers.CharField()
    componenten = serializers.DictField(child=serializers.CharField())
    normen = NormUsedSerializer(many=True)


class CapacityCalculatorView(APIView):
    """Beslagvrije voet and repayment capacity. Public: no token needed."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calculators_afloscapaciteit",
        summary=gettext_lazy("Repayment capacity and beslagvrije voet"),
        description=gettext_lazy(
            # xgettext:no-python-format
            "The beslagvrije voet per the Wet vereenvoudiging beslagvrije voet (art. 475da "
            "Rv, in force 1-1-2021) from the norm tables valid on the reference date: 95% of "
            "the income when it is at or below the social-assistance norm (incl. holiday "
            "allowance); above it 95% of the norm plus the top-up, never more than the "
            "maximum of the period and never more than 95% of the income. Repayment "
            "capacity = income - beslagvrije voet. Every norm value used is returned with "
            "its source. No token needed; nothing is stored."
        ),
        auth=[],
        request=CapacityRequestSerializer,
        responses={
            200: CapacityResponseSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy(
                    "The input cannot be read, or no norms are set up for the reference date."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Couple with children on social assistance, 2026",
                value={
                    "leefsituatie": "gehuwd_met_kinderen",
                    "netto_inkomen": "2002.13",
                    "peildatum": "2026-01-15",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Bad situation",
                value={"detail": "leefsituatie must be one of: alleenstaande, ..."},
                response_only=True,
                status_codes=["400"],
            ),
        ],
        tags=["calculators"],
    )
    def post(self, request):
        try:
            data = _object(request)
            situation = data.get("leefsituatie")
            if situation not in LEEFSITUATIES:
                raise InputError(
                    _("leefsituatie must be one of: %(choices)s.")
                    % {"choices": ", ".join(LEEFSITUATIES)}
                )
            income = _amount(data, "netto_inkomen")
            on = _date(data, "peildatum")
            top_up = _amount(data, "compensatiekop", required=False)
        except InputError as error:
            return _error(error)
        try:
            norms = selectors.norms_for(LEEFSITUATIES[situation], on=on)
        except NormNotFound:
            return _error(
                _("No norms are set up for %(date)s; choose a later reference date.")
                % {"date": on.isoformat()}
            )
        result = rules.beslagvrije_voet(
            net_income=income,
            norm=norms.norm.value,
            maximum=norms.maximum.value,
            percent=norms.percent.value,
            top_up=top_up,
        )
        return Response(
            {
                "leefsituatie": situation,
                "peildatum": on.isoformat(),
                "netto_inkomen": money(result.net_income),
                "inkomensgroep": result.income_group,
                "beslagvrije_voet": money(result.beslagvrije_voet),
                "afloscapaciteit": money(result.capacity),
                "componenten": {c.code: money(c.amount) for c in result.components},
                "normen": [n.as_dict() for n in norms.all],
            }
        )


# --- betalingsregeling --------------------------------------------------------------------


class PlanRequestSerializer(serializers.Serializer):
    schuld = serializers.CharField(help_text=gettext_lazy('The debt, e.g. "7000".'))
    afloscapaciteit = serializers.CharField(
        help_text=gettext_lazy("What the household can pay per month.")
    )
    eenmalig = serializers.CharField(
        required=False, help_text=gettext_lazy("Demanded plan: amount to pay at once.")
    )
    termijnen = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("Demanded plan: monthly terms for the rest."),
    )
    beschikbaar_eenmalig = serializers.CharField(
        required=False,
        help_text=gettext_lazy("What the household can pay at once (savings, a fund); default 0."),
    )


class PlanDemandSerializer(serializers.Serializer):
    eenmalig = serializers.CharField()
    termijnen = serializers.IntegerField()
    maandbedrag = serializers.CharField(
        help_text=gettext_lazy("The monthly amount the demanded plan requires.")
    )
    betaalbaar = serializers.BooleanField()
    tekort_per_maand = serializers.CharField()
    tekort_eenmalig = serializers.CharField()


class PlanResponseSerializer(serializers.Serializer):
    schuld = serializers.CharField()
    afloscapaciteit = serializers.CharField()
    termijnen_nodig = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Monthly terms at the capacity (after what can be paid at once); null when the "
            "capacity is 0."
        ),
    )
    laatste_termijn = serializers.CharField()
    gevraagde_regeling = PlanDemandSerializer(required=False)
    betaalbaar = serializers.BooleanField(
        allow_null=True,
        help_text=gettext_lazy("Whether the demanded plan fits; null without a demanded plan."),
    )


class PlanCalculatorView(APIView):
    """Months to pay a debt at a capacity, and whether a demanded plan is affordable."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calculators_betalingsregeling",
        summary=gettext_lazy("Payment plan: months needed and affordability"),
        description=gettext_lazy(
            "The number of monthly terms needed to pay schuld at afloscapaciteit a month, "
            "and, with eenmalig and/or termijnen, whether that demanded plan is affordable: "
            "its monthly amount (the rest after eenmalig divided over termijnen, rounded up "
            "to the cent) is at most the capacity and eenmalig at most beschikbaar_eenmalig. "
            "No token needed; nothing is stored."
        ),
        auth=[],
        request=PlanRequestSerializer,
        responses={
            200: PlanResponseSerializer,
            400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Bad input.")),
        },
        examples=[
            OpenApiExample(
                "The pilot's family",
                value={
                    "schuld": "7000",
                    "afloscapaciteit": "50",
                    "eenmalig": "3500",
                    "termijnen": 10,
                },
                request_only=True,
            ),
            OpenApiExample(
                "The pilot's family: result",
                value={
                    "schuld": "7000.00",
                    "afloscapaciteit": "50.00",
                    "termijnen_nodig": 140,
                    "laatste_termijn": "50.00",
                    "gevraagde_regeling": {
                        "eenmalig": "3500.00",
                        "termijnen": 10,
                        "maandbedrag": "350.00",
                        "betaalbaar": False,
                        "tekort_per_maand": "300.00",
                        "tekort_eenmalig": "3500.00",
                    },
                    "betaalbaar": False,
                },
                response_only=True,
                status_codes=["200"],
            ),
        ],
        tags=["calculators"],
    )
    def post(self, request):
        try:
            data = _object(request)
            debt = _amount(data, "schuld")
            capacity = _amount(data, "afloscapaciteit")
            at_once = _amount(data, "eenmalig", required=False)
            available = _amount(data, "beschikbaar_eenmalig", required=False, default=Decimal("0"))
            terms = data.get("termijnen")
            if terms not in (None, ""):
                if isinstance(terms, bool) or not isinstance(terms, int | str):
                    raise InputError(_("termijnen must be a whole number from 1."))
                try:
                    terms = int(terms)
                except ValueError:
                    raise InputError(_("termijnen must be a whole number from 1.")) from None
                if not 1 <= terms <= MAX_TERMIJNEN:
                    raise InputError(
                        _("termijnen must be from 1 to %(max)s.") % {"max": MAX_TERMIJNEN}
                    )
            else:
                terms = None
            if debt <= 0:
                raise InputError(_("schuld must be more than 0."))
            if at_once is not None and at_once > debt:
                raise InputError(_("eenmalig cannot be more than schuld."))
            if at_once is not None and at_once < debt and terms is None:
                raise InputError(_("Give termijnen for the rest after eenmalig."))
        except InputError as error:
            return _error(error)
        own_at_once = min(available, debt)
        needed = plans.months_needed(debt=debt, monthly=capacity, at_once=own_at_once)
        capacity_plan = plans.assess(
            code="capacity",
            debt=debt,
            at_once=own_at_once,
            monthly=capacity,
            capacity=capacity,
            available_at_once=available,
        )
        body = {
            "schuld": money(debt),
            "afloscapaciteit": money(capacity),
            "termijnen_nodig": needed,
            "laatste_termijn": money(capacity_plan.last_term),
            "betaalbaar": None,
        }
        if at_once is not None or terms is not None:
            at_once = at_once or Decimal("0.00")
            monthly = (
                plans.monthly_for(debt=debt, terms=terms, at_once=at_once)
                if terms
                else Decimal("0.00")
            )
            demand = plans.assess(
                code="demand",
                debt=debt,
                at_once=at_once,
                monthly=monthly,
                capacity=capacity,
                available_at_once=available,
            )
            body["gevraagde_regeling"] = {
                "eenmalig": money(demand.at_once),
                "termijnen": terms or 0,
                "maandbedrag": money(demand.monthly),
                "betaalbaar": demand.affordable,
                "tekort_per_maand": money(demand.over_capacity),
                "tekort_eenmalig": money(demand.at_once_short),
            }
            body["betaalbaar"] = demand.affordable
        return Response(body)


# Added to ``woonkans.api.calculators.urlpatterns`` (under ``/api/v1/calculators/``).
urlpatterns = [
    path(
        "afloscapaciteit", CapacityCalculatorView.as_view(), name="api-calculator-afloscapaciteit"
    ),
    path(
        "betalingsregeling", PlanCalculatorView.as_view(), name="api-calculator-betalingsregeling"
    ),
]
