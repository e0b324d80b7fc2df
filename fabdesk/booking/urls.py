from django.urls import include, path

from . import feed_views, member_views, views, week_views

app_name = "booking"

urlpatterns: list = [
    path(
        "machines/<int:machine_id>/busy.ics", feed_views.machine_busy_ics, name="machine_busy_feed"
    ),
    path("feed/settings/", feed_views.feed_settings, name="feed_settings"),
    path("feed/<slug:secret>.ics", feed_views.member_feed_ics, name="member_feed"),
    path("machines/<int:machine_id>/", week_views.machine_week_view, name="machine_week"),
    path("spaces/<int:space_id>/", week_views.space_week_view, name="space_week"),
    path("mine/", member_views.my_bookings, name="mine"),
    path("<int:booking_id>/cancel/", views.booking_cancel_view, name="cancel"),
    path("", include("fabdesk.booking.staff_urls")),  # rules, staff pages, check-in
]
