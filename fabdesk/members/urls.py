from django.urls import path

from . import group_views, import_views, views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_new, name="new"),
    path("export.csv", views.member_export, name="export"),
    path("import/", import_views.member_import_upload, name="import"),
    path("import/confirm/", import_views.member_import_confirm, name="import_confirm"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/status/", views.member_status, name="status"),
    path("<int:member_id>/role/", views.member_role, name="role"),
    path("groups/", group_views.group_list, name="groups"),
    path("groups/new/", group_views.group_form, name="group_new"),
    path("groups/<int:group_id>/edit/", group_views.group_form, name="group_edit"),
    path("groups/<int:group_id>/delete/", group_views.group_delete, name="group_delete"),
    path("groups/<int:group_id>/move/", group_views.group_move, name="group_move"),
]
