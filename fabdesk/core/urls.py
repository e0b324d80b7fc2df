from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.staff_today, name="today"),
    path("lab/settings/", views.lab_settings, name="lab_settings"),
    path("healthz", views.healthz, name="healthz"),
]
