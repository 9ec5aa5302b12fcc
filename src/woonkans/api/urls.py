"""API routes under ``/api/v1/``.

Every route is named (``api-<basename>-<action>``) and every detail route takes the
object's id as the URL kwarg ``pk``, so a route walker can visit them all.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from woonkans.agreements.api import AgreementViewSet
from woonkans.budgets.api import BudgetViewSet, DebtViewSet
from woonkans.conferences.api import ConferenceViewSet
from woonkans.indications.api import IndicationViewSet
from woonkans.tasks.api import DueItemViewSet
from woonkans.trajectories.api import TrajectoryViewSet

from . import views

router = SimpleRouter()
router.register("households", views.HouseholdViewSet, basename="api-household")
router.register("tenancies", views.TenancyViewSet, basename="api-tenancy")
router.register("budgets", BudgetViewSet, basename="api-budget")
router.register("debts", DebtViewSet, basename="api-debt")
router.register("trajectories", TrajectoryViewSet, basename="api-trajectory")
router.register("agreements", AgreementViewSet, basename="api-agreement")
router.register("due-items", DueItemViewSet, basename="api-due-item")
router.register("indications", IndicationViewSet, basename="api-indication")
router.register("conferences", ConferenceViewSet, basename="api-conference")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("docs/", views.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("organisations/me/", views.OrganisationMeView.as_view(), name="api-organisation-me"),
    path("calculators/", include("woonkans.api.calculators")),
    *router.urls,
]
