from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.tenancy_list, name="list"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("huurovereenkomst/<int:pk>/", views.tenancy_detail, name="tenancy"),
    path("huurovereenkomst/<int:pk>/<slug:step>/", views.step, name="step"),
]
