"""Incidents: a problem someone reported on a machine, which staff turn into a repair ticket
(reported → acknowledged → in repair → resolved, or closed without action), with its status
history, comments, parts used and time spent."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fabdesk.core.money import money_round


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_REPAIR = "in_repair", _("In repair")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed without action")


OPEN_STATUSES = (IncidentStatus.REPORTED, IncidentStatus.ACKNOWLEDGED, IncidentStatus.IN_REPAIR)


class Incident(models.Model):
    Status = IncidentStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="incidents")
    machine = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("machine"),
        on_delete=models.CASCADE,
        related_name="incidents",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reported_incidents",
    )
    description = models.TextField(_("what happened"))
    photo = models.ImageField(_("photo"), upload_to="incidents/", blank=True)
    unusable = models.BooleanField(_("machine unusable"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_incidents",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    reported_at = models.DateTimeField(_("reported on"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged on"), null=True, blank=True)
    repair_started_at = models.DateTimeField(_("repair started on"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["lab", "status"]),
            models.Index(fields=["machine", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.CLOSED) | ~Q(close_reason=""),
                name="incident_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.RESOLVED) | ~Q(resolution=""),
                name="incident_resolved_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.machine}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def finished_at(self):
        return self.resolved_at or self.closed_at


class IncidentEvent(models.Model):
    """One step of a ticket's workflow, as the reporter's progress view shows it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=IncidentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=IncidentStatus.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("incident step")
        verbose_name_plural = _("incident steps")

    def __str__(self) -> str:
        return f"{self.incident}: {self.to_status}"


class IncidentComment(models.Model):
    """A message on a ticket. Internal comments are for staff only."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal (staff only)"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.incident}: {self.body[:40]}"


class IncidentPart(models.Model):
    """A spare part or consumable used for the repair, with what it cost."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(_("part"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=10, decimal_places=2)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="incidentpart_quantity_pos"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="incidentpart_cost_not_neg"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.name}"

    @property
    def total(self) -> Decimal:
        return money_round(self.quantity * self.unit_cost)


class IncidentWork(models.Model):
    """Time a staff member spent on the ticket."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="work")
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("what was done"), max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("time spent")
        verbose_name_plural = _("time spent")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="incidentwork_minutes_pos")
        ]

    def __str__(self) -> str:
        return f"{self.incident}: {self.minutes} min"
