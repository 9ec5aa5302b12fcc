from django.urls import path

from woonkans.core.views import home

app_name = "audit"
urlpatterns = [path("", home, name="search")]  # placeholder
