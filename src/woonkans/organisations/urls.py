from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [path("wisselen/", views.switch_membership, name="switch")]
