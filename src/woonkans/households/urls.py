from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/tijdlijn/", views.household_timeline, name="timeline"),
    path("leden/<int:pk>/wijzigen/", views.person_edit, name="person-edit"),
]
