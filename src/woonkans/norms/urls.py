from django.urls import path

from . import views

app_name = "norms"
urlpatterns = [
    path("", views.table_list, name="list"),
    path("waarde/<int:pk>/corrigeren/", views.value_correct, name="value-correct"),
    path("<slug:code>/", views.table_detail, name="table"),
    path("<slug:code>/nieuw/", views.value_add, name="value-add"),
]
