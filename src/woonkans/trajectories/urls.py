from django.urls import path

from . import views

app_name = "trajectories"
urlpatterns = [
    path("", views.trajectory_list, name="list"),
    path("aanmelden/<int:household_pk>/", views.refer, name="refer"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("instellingen/vragen/nieuw/", views.criterion_edit, name="criterion_add"),
    path("instellingen/vragen/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stap/<str:to_state>/", views.transition, name="transition"),
    path("<int:pk>/terugklappen/", views.flip_back, name="flip_back"),
    path("<int:pk>/gezamenlijk-besluit/", views.joint_decision, name="joint_decision"),
    path("<int:pk>/bemiddeling/", views.mediation, name="mediation"),
    path("<int:pk>/beeindigen/", views.terminate, name="terminate"),
    path("<int:pk>/opzegbrief.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/mensen/", views.members, name="members"),
    path("<int:pk>/mensen/<int:member_pk>/overdragen/", views.handover, name="handover"),
    path("<int:pk>/begeleidingsnotities/", views.notes, name="notes"),
    path("<int:pk>/plan-van-aanpak/", views.plan, name="plan"),
]
