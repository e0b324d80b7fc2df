"""Booking rules and bookings of machines and spaces.

A `BookingRule` applies to one machine, to every machine of a category, to one space, or to
the whole lab (none set); the most specific one wins (`rules.rule_for`). A `Booking` holds
its machine or its space from `start` to `end`, and keeps it blocked until `blocked_until`
(the end plus the rule's buffer at the time of booking), so the no-overlap rule and
PostgreSQL's exclusion constraint (ADR 0009) compare stored columns only.

A machine is held by one booking at a time. A space is shared: its bookings together take at
most its capacity in `people` at any moment (ADR 0010). A *block* (`kind=block`) is a period
staff close for maintenance or private use: it holds the machine (or the whole space) like a
booking, its `member` is the staff member who made it and `note` says why."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BookingRule(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="booking_rules")
    machine = models.OneToOneField(
        "equipment.Machine",
        verbose_name=_("machine"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_rule",
    )
    category = models.OneToOneField(
        "equipment.MachineCategory",
        verbose_name=_("machine category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_rule",
    )
    space = models.OneToOneField(
        "equipment.Space",
        verbose_name=_("space"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_rule",
    )
    slot_minutes = models.PositiveSmallIntegerField(_("slot step (minutes)"), default=30)
    min_minutes = models.PositiveSmallIntegerField(_("shortest booking (minutes)"), default=30)
    max_minutes = models.PositiveSmallIntegerField(_("longest booking (minutes)"), default=240)
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("most hours per member per week"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no weekly limit."),
    )
    advance_days = models.PositiveSmallIntegerField(_("bookable up to (days ahead)"), default=30)
    notice_minutes = models.PositiveIntegerField(_("minimum notice (minutes)"), default=0)
    cancel_hours = models.PositiveSmallIntegerField(
        _("cancellation deadline (hours before the start)"), default=2
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer after each booking (minutes)"), default=0
    )
    outside_opening_hours_allowed = models.BooleanField(
        _("bookable outside opening hours"),
        default=False,
        help_text=_("For bookings made by staff and by trusted members."),
    )
    requires_certification = models.BooleanField(_("requires a certification"), default=True)
    no_show_after_minutes = models.PositiveSmallIntegerField(
        _("no-show after (minutes)"),
        default=15,
        help_text=_("A booking not checked in this long after its start counts as a no-show."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder (hours before the start)"),
        null=True,
        blank=True,
        default=24,
        help_text=_("Leave empty to send no reminder."),
    )

    class Meta:
        verbose_name = _("booking rule")
        verbose_name_plural = _("booking rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(machine__isnull=True, category__isnull=True)
                | Q(machine__isnull=True, space__isnull=True)
                | Q(category__isnull=True, space__isnull=True),
                name="bookingrule_one_target",
            ),
            models.UniqueConstraint(
                fields=["lab"],
                condition=Q(machine__isnull=True, category__isnull=True, space__isnull=True),
                name="bookingrule_one_lab_default",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=1) & Q(min_minutes__gte=1),
                name="bookingrule_positive_step",
            ),
            models.CheckConstraint(
                condition=Q(max_minutes__gte=F("min_minutes")),
                name="bookingrule_max_above_min",
            ),
        ]

    def __str__(self) -> str:
        target = self.machine or self.category or self.space
        return str(target) if target else str(_("Lab default"))

    def clean(self) -> None:
        """What every way of saving a rule checks (the staff pages, the admin site): one
        target at most, of the rule's own lab; durations on the slot step; longest ≥ shortest."""
        errors: dict[str, list] = {}
        targets = [
            getattr(self, name)
            for name in ("machine", "category", "space")
            if getattr(self, f"{name}_id") is not None
        ]
        if len(targets) > 1:
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(
                _("A booking rule applies to one machine, one category, one space or the whole "
                  "lab: not to several."), code="several_targets"))  # fmt: skip
        if self.lab_id is not None and any(t.lab_id != self.lab_id for t in targets):
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(
                _("This machine, category or space belongs to another lab."),
                code="other_lab"))  # fmt: skip
        step, shortest, longest = self.slot_minutes, self.min_minutes, self.max_minutes
        for name, value in (("slot_minutes", step), ("min_minutes", shortest)):
            if value is not None and value < 1:
                errors.setdefault(name, []).append(
                    ValidationError(_("Give at least 1 minute."), code="too_small")
                )
        if step:
            for name, value in (("min_minutes", shortest), ("max_minutes", longest)):
                if value and value % step:
                    errors.setdefault(name, []).append(ValidationError(
                        _("Give a multiple of the slot step (%(step)d minutes)."),
                        code="off_step", params={"step": step}))  # fmt: skip
        if shortest and longest is not None and longest < shortest:
            errors.setdefault("max_minutes", []).append(ValidationError(
                _("The longest booking cannot be shorter than the shortest."),
                code="max_below_min"))  # fmt: skip
        if errors:
            raise ValidationError(errors)


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class BookingKind(models.TextChoices):
    BOOKING = "booking", _("Booking")
    BLOCK = "block", _("Blocked period")


class Booking(models.Model):
    Kind = BookingKind

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="bookings")
    machine = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("machine"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    space = models.ForeignKey(
        "equipment.Space",
        verbose_name=_("space"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=BookingKind.choices, default=BookingKind.BOOKING
    )
    people = models.PositiveSmallIntegerField(
        _("people"),
        default=1,
        help_text=_("Places taken in a space (a block takes the whole space). 1 for a machine."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_until = models.DateTimeField(_("machine blocked until"))
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.CharField(_("reason for the exception"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    flag_reason = models.CharField(_("why it is flagged"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(machine__isnull=False, space__isnull=True)
                | Q(machine__isnull=True, space__isnull=False),
                name="booking_machine_or_space",
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="booking_people_positive"),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("end")), name="booking_blocked_after_end"
            ),
        ]
        indexes = [
            models.Index(fields=["machine", "blocked_until"]),
            models.Index(fields=["space", "blocked_until"]),
            models.Index(fields=["member", "start"]),
            models.Index(fields=["lab", "start"]),
            models.Index(fields=["status", "start"]),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"

    @property
    def resource(self):
        """What is booked: the machine or the space."""
        return self.machine if self.machine_id else self.space

    @property
    def is_block(self) -> bool:
        return self.kind == BookingKind.BLOCK

    @property
    def is_active(self) -> bool:
        """Holds the machine: every status but cancelled (the exclusion constraint of
        migration 0002 frees the slot of cancelled bookings only)."""
        return self.status != BookingStatus.CANCELLED


from .feed_models import CalendarFeedToken  # noqa: E402, F401 (the private feed address)
