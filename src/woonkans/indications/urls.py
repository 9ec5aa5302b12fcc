app_name = "indications"
urlpatterns: list = []
