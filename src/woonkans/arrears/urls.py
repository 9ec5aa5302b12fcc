from django.urls import path

from . import views

app_name = "arrears"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_batch, name="import-batch"),
    path("import/<int:pk>/voortgang/", views.import_progress, name="import-progress"),
]
