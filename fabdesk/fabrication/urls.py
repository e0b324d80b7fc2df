from django.urls import path

from . import job_views, print_views

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
]
