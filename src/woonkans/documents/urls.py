from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.template_list, name="templates"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("standaardteksten/", views.defaults_restore, name="defaults-restore"),
    path("sjablonen/<str:kind>/", views.template_edit, name="template-edit"),
    path("sjablonen/<str:kind>/controleren/", views.template_check, name="template-check"),
    path("sjablonen/<str:kind>/standaard/", views.template_reset, name="template-reset"),
    path("sjablonen/<str:kind>/voorbeeld.pdf", views.template_pdf, name="template-pdf"),
    path("huishouden/<int:pk>/brief/", views.letter_new, name="letter-new"),
    path("brieven/<int:pk>/<str:fmt>/", views.letter_download, name="letter-download"),
]
