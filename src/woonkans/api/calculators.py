"""Public calculators of the API (no token needed).

``GET /api/v1/calculators/incassokosten?hoofdsom=650&btw=true`` returns the WIK collection
costs (norms.md §2) with the scale valid today. Amounts are strings with two decimals.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from woonkans.arrears.costs import AmountError, collection_costs, parse_amount
from woonkans.capacity import api as capacity_api
from woonkans.norms.selectors import NormNotFound, wik_scale_on

from .serializers import ErrorSerializer


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


class CollectionCostsSerializer(serializers.Serializer):
    hoofdsom = serializers.CharField(help_text=gettext_lazy("The principal, two decimals."))
    incassokosten = serializers.CharField(
        help_text=gettext_lazy("Collection costs per the WIK scale, excluding VAT.")
    )
    btw = serializers.CharField(
        help_text=gettext_lazy("VAT on the collection costs; 0.00 when btw=false.")
    )
    totaal = serializers.CharField(help_text=gettext_lazy("incassokosten + btw."))


def _parse_bool(text: str | None) -> bool:
    if text is None or text == "":
        return False
    lowered = text.strip().lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    raise ValueError


class CollectionCostsCalculatorView(APIView):
    """WIK collection costs over a principal. Public: no token needed."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calculators_incassokosten",
        summary=gettext_lazy("Collection costs (WIK scale) over a principal"),
        description=gettext_lazy(
            "Extra-judicial collection costs per the Besluit vergoeding voor "
            "buitengerechtelijke incassokosten (Stb. 2012, 141), with the scale valid today: "
            "15% over the first 2,500, 10% over the next 2,500, 5% over the next 5,000, 1% "
            "over the next 190,000 and 0.5% over the rest, at least 40 and at most 6,775; "
            "rounded to the cent. VAT only with btw=true. Several overdue terms claimed in "
            "one letter: pass their total. No token needed."
        ),
        auth=[],
        parameters=[
            OpenApiParameter(
                "hoofdsom",
                OpenApiTypes.STR,
                required=True,
                description=gettext_lazy(
                    "The principal in euros: digits with a decimal point or comma, at most "
                    "two decimals, no thousands separators, not negative. Example: 650 or "
                    "1250,50."
                ),
                examples=[OpenApiExample("650", value="650")],
            ),
            OpenApiParameter(
                "btw",
                OpenApiTypes.BOOL,
                required=False,
                default=False,
                description=gettext_lazy(
                    "true to add VAT to the costs (only when the landlord outsourced "
                    "collection and cannot deduct VAT); default false."
                ),
            ),
        ],
        responses={
            200: OpenApiResponse(
                CollectionCostsSerializer,
                description=gettext_lazy("Amounts as strings with two decimals and a point."),
            ),
            400: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("The parameters cannot be read.")
            ),
            503: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy("No collection-cost norms are set up for today."),
            ),
        },
        examples=[
            OpenApiExample(
                "650 with VAT",
                value={
                    "hoofdsom": "650.00",
                    "incassokosten": "97.50",
                    "btw": "20.48",
                    "totaal": "117.98",
                },
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "3000 without VAT",
                value={
                    "hoofdsom": "3000.00",
                    "incassokosten": "425.00",
                    "btw": "0.00",
                    "totaal": "425.00",
                },
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "Bad amount",
                value={
                    "detail": "hoofdsom: The amount can have at most two decimals (whole cents)."
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
        tags=["calculators"],
    )
    def get(self, request):
        params = request.query_params
        if "hoofdsom" not in params:
            return self._error(_("The parameter hoofdsom is required."))
        try:
            principal = parse_amount(params["hoofdsom"])
        except AmountError as error:
            return self._error(f"hoofdsom: {error}")
        try:
            vat = _parse_bool(params.get("btw"))
        except ValueError:
            return self._error(_("btw must be true or false."))
        try:
            scale = wik_scale_on(timezone.localdate())
        except NormNotFound:
            return Response(
                {"detail": _("No collection-cost norms are set up for today.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        result = collection_costs(principal, scale=scale, vat=vat)
        return Response(
            {
                "hoofdsom": money(result.principal),
                "incassokosten": money(result.costs),
                "btw": money(result.vat),
                "totaal": money(result.total),
            }
        )

    @staticmethod
    def _error(message: str) -> Response:
        return Response({"detail": str(message)}, status=status.HTTP_400_BAD_REQUEST)


# Included from api/urls.py under ``calculators/``.
urlpatterns = [
    path(
        "incassokosten",
        CollectionCostsCalculatorView.as_view(),
        name="api-calculator-incassokosten",
    ),
    *capacity_api.urlpatterns,  # afloscapaciteit, betalingsregeling (woonkans.capacity.api)
]
