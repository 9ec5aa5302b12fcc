from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"
# Placeholder routes; the two-factor login flow replaces them.
urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen/", auth_views.LoginView.as_view(), name="enrol"),
    path("tweestaps/controleren/", auth_views.LoginView.as_view(), name="verify"),
]
