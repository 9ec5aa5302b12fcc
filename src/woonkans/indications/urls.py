from django.urls import path

from . import views

app_name = "indications"
urlpatterns = [
    path("instellingen/", views.settings_edit, name="settings"),
    path("traject/<int:trajectory_pk>/nieuw/", views.add, name="add"),
    path("<int:pk>/wijzigen/", views.edit, name="edit"),
    path("<int:pk>/beeindigen/", views.end, name="end"),
]
