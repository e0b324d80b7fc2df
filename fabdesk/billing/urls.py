from django.urls import path  # noqa: F401 (helpers add their pages here)

app_name = "billing"

urlpatterns: list = []
