from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("traject/<int:trajectory_pk>/nieuw/", views.agreement_new, name="new"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.agreement_edit, name="edit"),
    path("<int:pk>/handtekening/", views.signature_add, name="sign"),
    path("<int:pk>/verlengen/", views.agreement_extend, name="extend"),
    path("<int:pk>/beeindigen/", views.agreement_end, name="end"),
    path("<int:pk>/overeenkomst.<str:fmt>", views.agreement_download, name="download"),
    path(
        "<int:pk>/eigen-sjabloon/<int:template_pk>.docx",
        views.agreement_download_own,
        name="download-own",
    ),
    path(
        "<int:pk>/eigen-sjabloon/<int:template_pk>.<str:fmt>",
        views.agreement_download_own,
        name="download-own-format",
    ),
    path("<int:pk>/mededeling.<str:fmt>", views.notice_download, name="notice"),
    path("sjablonen/", views.template_list, name="templates"),
    path("sjablonen/<int:pk>/verwijderen/", views.template_remove, name="template-remove"),
]
