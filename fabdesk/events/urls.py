from django.urls import include, path

from . import views

app_name = "events"

urlpatterns: list = [
    path("", views.agenda, name="agenda"),
    path("mine/", views.my_registrations, name="mine"),
    path("<int:event_id>/", views.event_detail, name="detail_id"),
    path("<int:event_id>-<slug:slug>/", views.event_detail, name="detail"),
    path("<int:event_id>/register/", views.event_register, name="register"),
    path("p/<str:token>/", views.event_private, name="private"),
    path("confirm/<str:link>/", views.registration_confirm, name="confirm"),
    path("registration/<str:link>/", views.registration_manage, name="registration"),
    path("", include("fabdesk.events.staff_urls")),  # staff pages, feeds, embed (E2)
]
