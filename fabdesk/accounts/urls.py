from django.urls import path
from django.views.generic import RedirectView

app_name = "accounts"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="core:home"), name="profile"),
]
