from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("tweestaps/instellen/", views.enrol_view, name="enrol"),
    path("tweestaps/controleren/", views.verify_view, name="verify"),
]
