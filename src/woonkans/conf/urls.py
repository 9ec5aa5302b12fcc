from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("woonkans.accounts.urls")),
    path("api/v1/", include("woonkans.api.urls")),
    path("huishoudens/", include("woonkans.households.urls")),
    path("organisatie/", include("woonkans.organisations.urls")),
    path("audit/", include("woonkans.audit.urls")),
    path("taken/", include("woonkans.jobs.urls")),
    path("normen/", include("woonkans.norms.urls")),
    path("incassokosten/", include("woonkans.arrears.calculator_views")),
    path("incasso/", include("woonkans.arrears.urls")),
    path("documenten/", include("woonkans.documents.urls")),
    path("werklijst/", include("woonkans.collection.urls")),
    path("signalen/", include("woonkans.signals.urls")),
    path("juridisch/", include("woonkans.legal.urls")),
    path("", include("woonkans.core.urls")),
]
