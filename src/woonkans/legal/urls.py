app_name = "legal"
urlpatterns: list = []
