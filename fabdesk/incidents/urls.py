from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list_view, name="list"),
    path("mine/", views.incident_mine, name="mine"),
    path("report/<int:machine_id>/", views.incident_report_view, name="report"),
    path("<int:incident_id>/", views.incident_detail, name="detail"),
    path("<int:incident_id>/photo/", views.incident_photo, name="photo"),
    path("<int:incident_id>/status/", views.incident_status, name="status"),
    path("<int:incident_id>/comments/", views.incident_comment, name="comment"),
    path("<int:incident_id>/parts/", views.incident_part, name="part"),
    path("<int:incident_id>/time/", views.incident_work, name="work"),
    path("<int:incident_id>/remove/", views.incident_remove_line, name="remove_line"),
]
