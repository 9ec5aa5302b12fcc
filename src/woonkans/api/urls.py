"""API routes under ``/api/v1/``.

Every route is named (``api-<basename>-<action>``) and every detail route takes the
object's id as the URL kwarg ``pk``, so a route walker can visit them all.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from woonkans.budgets.api import BudgetViewSet, DebtViewSet
from woonkans.trajectories.api import TrajectoryViewSet

from . import views

router = SimpleRouter()
router.register("households", views.HouseholdViewSet, basename="api-household")
router.register("tenancies", views.TenancyViewSet, basename="api-tenancy")
router.register("budgets", BudgetViewSet, basename="api-budget")
router.register("debts", DebtViewSet, basename="api-debt")
router.register("trajectories", TrajectoryViewSet, basename="api-trajectory")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("docs/", views.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("organisations/me/", views.OrganisationMeView.as_view(), name="api-organisation-me"),
    path("calculators/", include("woonkans.api.calculators")),
    *router.urls,
]
