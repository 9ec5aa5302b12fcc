from django.urls import path

app_name = "arrears"
urlpatterns: list = []
