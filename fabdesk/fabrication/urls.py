from django.urls import path

from . import catalogue_views, job_views, print_views

app_name = "fabrication"

urlpatterns = [
    # Print a part: upload, quote, submit.
    path("", print_views.print_start, name="start"),
    path("quote/", print_views.print_quote, name="quote"),
    path("submit/", print_views.print_submit, name="submit"),
    path("files/<int:file_id>/remove/", print_views.print_file_remove, name="file_remove"),
    path("files/<int:file_id>/thumbnail.png", print_views.file_thumbnail, name="file_thumbnail"),
    path("files/<int:file_id>/mesh.bin", print_views.file_mesh, name="file_mesh"),
    path("confirm/", job_views.confirm_email, name="confirm_email"),
    # The requester's jobs and the staff's queue.
    path("mine/", job_views.my_jobs, name="mine"),
    path("queue/", job_views.queue, name="queue"),
    path("jobs/<int:job_id>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/cancel/", job_views.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/approve/", job_views.job_approve, name="job_approve"),
    path("jobs/<int:job_id>/reject/", job_views.job_reject, name="job_reject"),
    path("jobs/<int:job_id>/assign/", job_views.job_assign, name="job_assign"),
    path("jobs/<int:job_id>/printing/", job_views.job_printing, name="job_printing"),
    path("jobs/<int:job_id>/failed/", job_views.job_failed, name="job_failed"),
    path("jobs/<int:job_id>/done/", job_views.job_done, name="job_done"),
    path("jobs/<int:job_id>/picked-up/", job_views.job_picked_up, name="job_picked_up"),
    path("jobs/<slug:secret>/", job_views.job_secret, name="job_secret"),
    path("jobs/<slug:secret>/cancel/", job_views.job_secret_cancel, name="job_secret_cancel"),
    # The staff's catalogue: materials and colours, print profiles, print settings.
    path("catalogue/materials/", catalogue_views.material_list, name="materials"),
    path("catalogue/materials/new/", catalogue_views.material_form, name="material_new"),
    path(
        "catalogue/materials/<int:material_id>/",
        catalogue_views.material_form,
        name="material_edit",
    ),
    path(
        "catalogue/materials/<int:material_id>/colours/",
        catalogue_views.colour_add,
        name="colour_add",
    ),
    path(
        "catalogue/colours/<int:colour_id>/stock/",
        catalogue_views.colour_stock,
        name="colour_stock",
    ),
    path(
        "catalogue/colours/<int:colour_id>/remove/",
        catalogue_views.colour_remove,
        name="colour_remove",
    ),
    path("catalogue/profiles/", catalogue_views.profile_list, name="profiles"),
    path("catalogue/profiles/new/", catalogue_views.profile_form, name="profile_new"),
    path("catalogue/profiles/<int:profile_id>/", catalogue_views.profile_form, name="profile_edit"),
    path(
        "catalogue/profiles/<int:profile_id>/remove/",
        catalogue_views.profile_remove,
        name="profile_remove",
    ),
    path("catalogue/settings/", catalogue_views.settings_form, name="print_settings"),
]
