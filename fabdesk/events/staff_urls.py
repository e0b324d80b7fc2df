"""The staff's agenda pages (manage/…), attendance, the public feeds and the embeddable
agenda. Included from urls.py under the "events" namespace."""

from django.urls import path

from . import (
    attendance_views,
    embed_views,
    feed_views,
    staff_registration_views,
    staff_series_views,
    staff_ticket_views,
    staff_type_views,
    staff_views,
)

reg = staff_registration_views

urlpatterns: list = [
    # Feeds and the embeddable agenda (anyone)
    path("agenda.ics", feed_views.agenda_ical, name="agenda_ics"),
    path("agenda.rss", feed_views.agenda_rss, name="agenda_rss"),
    path("feeds/", feed_views.feeds_page, name="feeds"),
    path("embed/", embed_views.embed, name="embed"),
    # Events (staff)
    path("manage/", staff_views.event_list, name="staff_list"),
    path("manage/new/", staff_views.event_new, name="staff_new"),
    path("manage/<int:event_id>/", reg.event_manage, name="staff_event"),
    path("manage/<int:event_id>/edit/", staff_views.event_edit, name="staff_edit"),
    path("manage/<int:event_id>/publish/", staff_views.event_publish_view, name="staff_publish"),
    path("manage/<int:event_id>/cancel/", staff_views.event_cancel_view, name="staff_cancel"),
    path(
        "manage/<int:event_id>/duplicate/",
        staff_views.event_duplicate_view,
        name="staff_duplicate",
    ),
    path("manage/<int:event_id>/tickets/", staff_ticket_views.event_tickets, name="staff_tickets"),
    path("manage/tickets/<int:ticket_id>/", staff_ticket_views.ticket_edit, name="staff_ticket"),
    # Registrations and attendance (staff)
    path("manage/<int:event_id>/register/", reg.registration_add, name="staff_register"),
    path("manage/<int:event_id>/attendees.csv", reg.attendees_csv, name="staff_attendees_csv"),
    path(
        "manage/<int:event_id>/attendance/",
        attendance_views.attendance,
        name="staff_attendance",
    ),
    path(
        "manage/registrations/<int:registration_id>/validate/",
        reg.registration_validate_view,
        name="staff_registration_validate",
    ),
    path(
        "manage/registrations/<int:registration_id>/cancel/",
        reg.registration_cancel_view,
        name="staff_registration_cancel",
    ),
    path(
        "manage/registrations/<int:registration_id>/move/",
        reg.registration_move_view,
        name="staff_registration_move",
    ),
    # Series and event types (staff)
    path("manage/series/new/", staff_series_views.series_new, name="staff_series_new"),
    path("manage/series/<int:series_id>/", staff_series_views.series_detail, name="staff_series"),
    path(
        "manage/series/<int:series_id>/seats/",
        staff_series_views.series_capacity,
        name="staff_series_capacity",
    ),
    path(
        "manage/series/<int:series_id>/publish/",
        staff_series_views.series_publish,
        name="staff_series_publish",
    ),
    path(
        "manage/series/<int:series_id>/tickets/",
        staff_ticket_views.series_tickets,
        name="staff_series_tickets",
    ),
    path("manage/types/", staff_type_views.type_list, name="staff_types"),
    path("manage/types/<int:type_id>/", staff_type_views.type_edit, name="staff_type"),
]
