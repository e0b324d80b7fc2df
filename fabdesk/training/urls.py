from django.urls import path

from . import attendance_views, session_views

app_name = "training"

urlpatterns: list = [
    # Sessions, enrolments and attendance (session_views.py, attendance_views.py)
    path("sessions/", session_views.sessions, name="session_list"),
    path("sessions/new/", session_views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", session_views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/edit/", session_views.session_edit, name="session_edit"),
    path(
        "sessions/<int:session_id>/cancel/",
        session_views.session_cancel_view,
        name="session_cancel",
    ),
    path("sessions/<int:session_id>/enrol/", session_views.session_enrol, name="session_enrol"),
    path(
        "sessions/<int:session_id>/add-member/",
        session_views.session_add_member,
        name="session_add_member",
    ),
    path(
        "sessions/<int:session_id>/attendance/",
        attendance_views.attendance,
        name="attendance",
    ),
    path("sessions/<int:session_id>/sheet.pdf", attendance_views.sheet, name="attendance_sheet"),
    path(
        "enrolments/<int:enrolment_id>/cancel/",
        session_views.enrolment_cancel_view,
        name="enrolment_cancel",
    ),
    path("mine/", session_views.my_trainings, name="mine"),
]
