"""Trainings, sessions, enrolments and certifications in the admin site, read-only: they
change through the training pages and their services (rules, audit log, notifications)."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import Certification, Enrolment, Training, TrainingSession


@admin.register(Training)
class TrainingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "lab", "validity_months", "lapse_months", "is_active"]
    list_filter = ["is_active", "lab"]
    search_fields = ["title", "slug"]
    list_select_related = ["lab"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["training", "starts_at", "trainer", "capacity", "status"]
    list_filter = ["status"]
    search_fields = ["training__title"]
    list_select_related = ["training", "trainer"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "session", "status", "outcome", "created_at"]
    list_filter = ["status", "outcome"]
    search_fields = ["member__email", "session__training__title"]
    list_select_related = ["member", "session", "session__training"]


@admin.register(Certification)
class CertificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "training", "granted_at", "expires_at", "source", "revoked_at"]
    list_filter = ["source"]
    search_fields = ["member__email", "training__title"]
    list_select_related = ["member", "training"]
