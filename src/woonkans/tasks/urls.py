from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("<int:pk>/afronden/", views.complete, name="complete"),
    path("traject/<int:trajectory_pk>/incident/", views.incident_new, name="incident_new"),
]
