from django.urls import path

from . import manage_views, views, workshop_views

app_name = "equipment"

urlpatterns = [
    path("machines/", views.machine_list, name="machine_list"),
    path("machines/new/", manage_views.machine_new, name="machine_new"),
    path("machines/labels.pdf", manage_views.machine_labels, name="machine_labels"),
    path("machines/<int:machine_id>/", views.machine_detail, name="machine_detail"),
    path("machines/<int:machine_id>/edit/", manage_views.machine_edit, name="machine_edit"),
    path("machines/<int:machine_id>/status/", manage_views.machine_status, name="machine_status"),
    path("machines/<int:machine_id>/usage/", manage_views.machine_usage, name="machine_usage"),
    path(
        "machines/<int:machine_id>/documents/new/",
        manage_views.document_new,
        name="document_new",
    ),
    path(
        "machines/<int:machine_id>/documents/<int:document_id>/delete/",
        manage_views.document_remove,
        name="document_delete",
    ),
    path("spaces/", views.space_list, name="space_list"),
    path("spaces/new/", workshop_views.space_form, name="space_new"),
    path("spaces/<int:space_id>/", views.space_detail, name="space_detail"),
    path("spaces/<int:space_id>/edit/", workshop_views.space_form, name="space_edit"),
    path("spaces/<int:space_id>/delete/", workshop_views.space_remove, name="space_delete"),
    path("workshop/categories/", workshop_views.category_list, name="category_list"),
    path("workshop/categories/new/", workshop_views.category_form, name="category_new"),
    path(
        "workshop/categories/<int:category_id>/edit/",
        workshop_views.category_form,
        name="category_edit",
    ),
    path(
        "workshop/categories/<int:category_id>/delete/",
        workshop_views.category_remove,
        name="category_delete",
    ),
    path(
        "workshop/categories/<int:category_id>/move/",
        workshop_views.category_reorder,
        name="category_move",
    ),
]
