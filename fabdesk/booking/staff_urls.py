"""The booking pages around bookings: rules, the staff list, flagged bookings, check-in and
close, moving a booking. Included by `booking/urls.py` in the `booking` namespace."""

from django.urls import path

from . import lifecycle_views, member_views, rule_views, staff_views

urlpatterns = [
    path("rules/", rule_views.rule_list, name="rules"),
    path("rules/new/", rule_views.rule_new, name="rule_new"),
    path("rules/new/category/<int:category_id>/", rule_views.rule_new, name="rule_new_category"),
    path("rules/new/machine/<int:machine_id>/", rule_views.rule_new, name="rule_new_machine"),
    path("rules/new/space/<int:space_id>/", rule_views.rule_new, name="rule_new_space"),
    path("rules/<int:rule_id>/edit/", rule_views.rule_edit, name="rule_edit"),
    path("rules/<int:rule_id>/delete/", rule_views.rule_delete, name="rule_delete"),
    path("<int:booking_id>/check-in/", lifecycle_views.check_in, name="check_in"),
    path("<int:booking_id>/close/", lifecycle_views.close, name="close"),
    path("<int:booking_id>/move/", member_views.move, name="move"),
    path("<int:booking_id>/keep/", staff_views.flag_keep, name="flag_keep"),
    path("flagged/", staff_views.flagged_list, name="flagged"),
    path("all/", staff_views.staff_list, name="staff_list"),
    path("all/export.csv", staff_views.staff_export, name="staff_export"),
]
