from django.urls import path

from . import views

app_name = "budgets"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("huishouden/<int:pk>/", views.household_budget, name="household"),
    path("huishouden/<int:pk>/starten/", views.budget_start, name="start"),
    path("huishouden/<int:pk>/schuld/nieuw/", views.debt_new, name="debt-new"),
    path("huishouden/<int:pk>/overdracht/", views.handover, name="handover"),
    path("huishouden/<int:pk>/kwartaaloverzicht/", views.summary_new, name="summary-new"),
    path("beheer/<int:pk>/wijzigen/", views.budget_edit, name="edit"),
    path("beheer/<int:pk>/beeindigen/", views.budget_end, name="end"),
    path("beheer/<int:pk>/inkomen/", views.income_new, name="income-new"),
    path("beheer/<int:pk>/vaste-last/", views.charge_new, name="charge-new"),
    path("beheer/<int:pk>/betaling/", views.payment_new, name="payment-new"),
    path("inkomen/<int:pk>/", views.income_edit, name="income"),
    path("vaste-last/<int:pk>/", views.charge_edit, name="charge"),
    path("schuld/<int:pk>/", views.debt_detail, name="debt"),
    path("schuld/<int:pk>/wijzigen/", views.debt_edit, name="debt-edit"),
    path("schuld/<int:pk>/contact/", views.debt_contact, name="debt-contact"),
    path("kwartaaloverzicht/<int:pk>/", views.summary_detail, name="summary"),
    path("kwartaaloverzicht/<int:pk>/pdf/", views.summary_download, name="summary-pdf"),
]
