from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("controleren/", views.check_now, name="check"),
    path("huurovereenkomst/<int:pk>/", views.tenancy_conditions, name="tenancy"),
    path("bezwaar/<int:pk>/intrekken/", views.objection_withdraw, name="objection-withdraw"),
    path("export/", views.exports, name="exports"),
    path("export/<int:pk>/<slug:fmt>/", views.export_download, name="export-download"),
    path("instellingen/", views.policy_edit, name="policy"),
]
