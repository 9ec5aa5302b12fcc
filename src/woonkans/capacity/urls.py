"""Pages under ``/afloscapaciteit/`` (included from conf/urls.py). Keep these paths and
names stable: the browser journey of issue 5 uses them (docs/repayment-capacity.md)."""

from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("rekenhulp/", views.calculator, name="calculator"),
    path("huishouden/<int:household_pk>/", views.household, name="household"),
    path(
        "huishouden/<int:household_pk>/berekenen/",
        views.calculation_new,
        name="calculation-new",
    ),
    path("berekening/<int:pk>/", views.calculation_detail, name="calculation"),
    path("berekening/<int:calculation_pk>/voorstel/", views.proposal_new, name="proposal-new"),
    path("voorstellen/", views.proposals, name="proposals"),
    path("voorstel/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstel/<int:pk>/besluit/", views.proposal_decide, name="proposal-decide"),
    path("voorstel/<int:pk>/intrekken/", views.proposal_withdraw, name="proposal-withdraw"),
    path("instellingen/", views.settings_edit, name="settings"),
]
