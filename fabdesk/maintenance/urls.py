from django.urls import path

from . import views

app_name = "maintenance"

urlpatterns = [
    path("", views.due_list, name="due"),
    path("history/", views.history, name="history"),
    path("machines/<int:machine_id>/", views.machine_detail, name="machine"),
    path("machines/<int:machine_id>/plans/new/", views.plan_new, name="plan_new"),
    path("machines/<int:machine_id>/log/", views.machine_log, name="machine_log"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/log/", views.plan_log, name="plan_log"),
    path(
        "plans/<int:plan_id>/deactivate/",
        views.plan_active,
        {"active": False},
        name="plan_deactivate",
    ),
    path(
        "plans/<int:plan_id>/reactivate/",
        views.plan_active,
        {"active": True},
        name="plan_reactivate",
    ),
]
