"""Preventive maintenance: plans per machine (every N hours of use and/or every N days), the
log of maintenance done, and the alerts sent when a plan went overdue."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MaintenancePlan(models.Model):
    """What to do on a machine, and how often. The counters (`last_done_at`,
    `last_done_hours`) start when the plan is created and are reset by each log."""

    machine = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("machine"),
        on_delete=models.CASCADE,
        related_name="maintenance_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions (Markdown)"), blank=True)
    every_hours = models.PositiveIntegerField(_("every … hours of use"), null=True, blank=True)
    every_days = models.PositiveIntegerField(_("every … days"), null=True, blank=True)
    put_in_maintenance = models.BooleanField(
        _("put the machine in maintenance when overdue"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_done_at = models.DateTimeField(_("last done"), default=timezone.now)
    last_done_hours = models.DecimalField(
        _("hours of use when last done"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    # When staff were told the plan is overdue; cleared when the overdue period ends (a log,
    # a longer interval), so they are told once per period.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_hours__isnull=False) | Q(every_days__isnull=False),
                name="maintenanceplan_has_interval",
            ),
            models.CheckConstraint(
                condition=(Q(every_hours__isnull=True) | Q(every_hours__gt=0))
                & (Q(every_days__isnull=True) | Q(every_days__gt=0)),
                name="maintenanceplan_interval_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MaintenanceLog(models.Model):
    """A maintenance done on a machine: of a plan, or ad hoc (plan empty)."""

    machine = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("machine"),
        on_delete=models.CASCADE,
        related_name="maintenance_logs",
    )
    plan = models.ForeignKey(
        MaintenancePlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logs",
    )
    done_at = models.DateTimeField(_("done on"), default=timezone.now, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes (Markdown)"), blank=True)
    minutes = models.PositiveIntegerField(_("time spent (minutes)"), null=True, blank=True)
    usage_hours = models.DecimalField(_("hours of use"), max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-done_at", "-id"]
        verbose_name = _("maintenance log")
        verbose_name_plural = _("maintenance logs")

    def __str__(self) -> str:
        return f"{self.machine}: {self.plan or _('maintenance')} ({self.done_at:%Y-%m-%d})"


class MaintenanceAlert(models.Model):
    """A plan found overdue by the hourly check: staff were told, and the machine perhaps
    put in maintenance. Shown in the machine's timeline."""

    plan = models.ForeignKey(MaintenancePlan, on_delete=models.CASCADE, related_name="alerts")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    put_in_maintenance = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("overdue alert")
        verbose_name_plural = _("overdue alerts")

    def __str__(self) -> str:
        return f"{self.plan}: {self.created_at:%Y-%m-%d}"
