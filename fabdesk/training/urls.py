from django.urls import path

from . import attendance_views, import_views, passport_views, session_views, views

app_name = "training"

urlpatterns: list = [
    # The catalogue, passports, certifications and their import (views.py, passport_views.py,
    # import_views.py)
    path("", views.training_catalogue, name="catalogue"),
    path("new/", views.training_new, name="training_new"),
    path("<int:training_id>/", views.training_detail, name="detail"),
    path("<int:training_id>/edit/", views.training_edit, name="training_edit"),
    path(
        "<int:training_id>/teaching-pack/",
        views.training_teaching_pack,
        name="teaching_pack",
    ),
    path("passport/", passport_views.passport_mine, name="passport"),
    path("passport/<int:member_id>/", passport_views.passport_member, name="member_passport"),
    path(
        "passport/<int:member_id>/grant/",
        passport_views.certification_grant_view,
        name="certification_grant",
    ),
    path(
        "certifications/<int:certification_id>/revoke/",
        passport_views.certification_revoke_view,
        name="certification_revoke",
    ),
    path("import/", import_views.certification_import_upload, name="import"),
    path("import/confirm/", import_views.certification_import_confirm, name="import_confirm"),
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
