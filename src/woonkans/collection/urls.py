from django.urls import path

from . import views

app_name = "collection"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("taak/<int:pk>/klaar/", views.item_done, name="item-done"),
    path("taak/<int:pk>/versturen/", views.item_send, name="item-send"),
    path("taak/<int:pk>/brief/", views.item_letter, name="item-letter"),
    path("taak/<int:pk>/contactpoging/", views.item_contact, name="item-contact"),
    path("belcomputer/", views.belcomputer_download, name="belcomputer"),
    path("huishouden/<int:pk>/", views.household_overview, name="household"),
    path("huishouden/<int:pk>/contactpoging/", views.household_contact, name="household-contact"),
    path("huishouden/<int:pk>/regeling/", views.arrangement_new, name="arrangement-new"),
    path("regeling/<int:pk>/", views.arrangement_detail, name="arrangement"),
    path("stappen/", views.policy, name="policy"),
    path("stappen/instellingen/", views.policy_edit, name="policy-edit"),
    path("stappen/nieuw/", views.step_edit, name="step-new"),
    path("stappen/<int:pk>/", views.step_edit, name="step-edit"),
    path("stappen/<int:pk>/verwijderen/", views.step_delete, name="step-delete"),
    path("stappen/<int:pk>/omhoog/", views.step_move, {"direction": "up"}, name="step-up"),
    path("stappen/<int:pk>/omlaag/", views.step_move, {"direction": "down"}, name="step-down"),
    path("stappen/voorinstelling/", views.policy_preset, name="policy-preset"),
    path("stappen/uitvoeren/", views.policy_run, name="policy-run"),
    path("berichten/", views.outbox, name="outbox"),
]
