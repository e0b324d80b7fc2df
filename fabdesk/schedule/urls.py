from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.public, name="public"),
    path("edit/", views.edit, name="edit"),
    path("closures/new/", views.closure_new, name="closure_new"),
    path("closures/<int:closure_id>/delete/", views.closure_remove, name="closure_delete"),
    path("openings/new/", views.opening_new, name="opening_new"),
    path("openings/<int:opening_id>/delete/", views.opening_remove, name="opening_delete"),
]
