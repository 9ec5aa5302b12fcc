app_name = "trajectories"
urlpatterns: list = []
