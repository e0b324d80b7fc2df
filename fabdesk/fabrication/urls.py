from django.urls import path  # noqa: F401 (the print service's pages come with its views)

app_name = "fabrication"

urlpatterns: list = []
