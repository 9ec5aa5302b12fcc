from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("nieuw/", views.conference_create, name="create"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.conference_edit, name="edit"),
    path("<int:pk>/agenda/opbouwen/", views.agenda_build, name="agenda_build"),
    path("<int:pk>/agenda/toevoegen/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/verwijderen/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/agenda/<int:item_pk>/besluit/", views.decision, name="decision"),
    path("<int:pk>/starten/", views.conference_start, name="start"),
    path("<int:pk>/afsluiten/", views.conference_close, name="close"),
    path("<int:pk>/volgende/", views.schedule_next, name="schedule_next"),
    path("<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("<int:pk>/actiepunten/", views.action_point_add, name="action_point_add"),
    path("<int:pk>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/notulen.docx", views.minutes_docx, name="minutes_docx"),
]
