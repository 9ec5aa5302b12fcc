from django.urls import path

app_name = "norms"
urlpatterns: list = []
