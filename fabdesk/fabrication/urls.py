from django.urls import path

from . import job_views

app_name = "fabrication"

urlpatterns = [
    path("confirm/", job_views.confirm_email, name="confirm_email"),
    path("jobs/<int:job_id>/", job_views.job_detail, name="job_detail"),
    path("jobs/<slug:secret>/", job_views.job_secret, name="job_secret"),
]
