from django.urls import path

from woonkans.core.views import home

app_name = "jobs"
urlpatterns = [path("", home, name="list")]  # placeholder
