"""The lab's agenda: event types, events, series of events (a course over several sessions
or a recurring event), ticket categories, registrations (members and visitors, seats and
waitlist) and attendance.

Seats: an event's registrations with status `confirmed` or `pending_validation` take its
seats; `pending_confirmation` (a visitor who has not clicked the link in the mail yet) and
`waitlisted` take none (ADR 0012). A course series (`kind=course`) is registered for once:
its registrations point at the series and its capacity is the series' `capacity`; its
sessions are ordinary events whose `series` is the course."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventType(models.Model):
    """Workshop, open day, repair café, talk, school visit, course…: a list staff keep."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="event_types")
    name = models.CharField(_("name"), max_length=80)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#3b82f6",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #3b82f6."))],
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("event type")
        verbose_name_plural = _("event types")
        constraints = [
            models.UniqueConstraint(fields=["lab", "name"], name="eventtype_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SeriesKind(models.TextChoices):
    COURSE = "course", _("Course (one registration for every session)")
    RECURRING = "recurring", _("Recurring (each date registered for separately)")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class EventSeries(models.Model):
    """Events made from one rule ("every first Saturday, 14:00 to 18:00, until June").

    The rule is kept to show it and to extend the series; the occurrences are ordinary
    events, editable one by one. Wall-clock times are in the lab's time zone, so a session
    stays at 14:00 across a daylight-saving change."""

    Kind = SeriesKind

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="event_series")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SeriesKind.choices)
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        _("every (weeks or months)"), default=1, validators=[MinValueValidator(1)]
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("which one in the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Monthly series only: the first, second… or last such day of the month."),
    )
    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(
        _("number of dates"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("A course: seats for the whole course. Empty: no limit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=False) | Q(count__isnull=False),
                name="eventseries_until_or_count",
                violation_error_message=_("Give an end date or a number of sessions."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="eventseries_ends_after_start",
                violation_error_message=_("The sessions must end after they start."),
            ),
            models.CheckConstraint(
                condition=Q(frequency="weekly") | Q(week_of_month__isnull=False),
                name="eventseries_monthly_has_week",
                violation_error_message=_(
                    "A monthly series needs the week of the month (first, second…)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_course(self) -> bool:
        return self.kind == SeriesKind.COURSE


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: in the agenda")
    PRIVATE = "private", _("Private: by its link or by invitation")


class Event(models.Model):
    Status = EventStatus
    Visibility = Visibility

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="events")
    event_type = models.ForeignKey(
        EventType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    image = models.ImageField(_("image"), upload_to="events/", blank=True)
    space = models.ForeignKey(
        "equipment.Space",
        verbose_name=_("space"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    address = models.CharField(_("address (if not in the lab)"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    audience = models.CharField(
        _("for whom"), max_length=200, blank=True, help_text=_("e.g. families, beginners")
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    secret_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited members"),
        blank=True,
        related_name="events_invited",
    )
    registration_enabled = models.BooleanField(
        _("takes registrations"),
        default=True,
        help_text=_("Untick for a drop-in event (an open day) that needs no registration."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit. A course session uses the course's seats."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    cancel_deadline_hours = models.PositiveIntegerField(
        _("attendees may cancel until (hours before)"), default=24
    )
    requires_validation = models.BooleanField(_("staff validate each registration"), default=False)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    machines = models.ManyToManyField(
        "equipment.Machine", verbose_name=_("machines used"), blank=True, related_name="events"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="events_led",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["lab", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="event_min_age_not_above_max",
                violation_error_message=_("The minimum age cannot be above the maximum age."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registrations must close after they open."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class Audience(models.TextChoices):
    MEMBER = "member", _("Members")
    NON_MEMBER = "non_member", _("Non-members")
    REDUCED = "reduced", _("Reduced price")
    FREE = "free", _("Free")


class TicketCategory(models.Model):
    """A price for some people (members, non-members, reduced, free), on one event or on a
    course series. Every category shares the event's (or the course's) seats."""

    Audience = Audience

    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="categories"
    )
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices)
    price = models.DecimalField(
        _("price per seat"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_seats = models.PositiveSmallIntegerField(
        _("seats per registration at most"), default=1, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, series__isnull=True)
                | Q(event__isnull=True, series__isnull=False),
                name="ticketcategory_event_or_series",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="ticketcategory_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(max_seats__gte=1),
                name="ticketcategory_max_seats_positive",
                violation_error_message=_("A registration takes at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("Email not confirmed yet")
    PENDING_VALIDATION = "pending_validation", _("Waiting for the lab's validation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses that take seats, and those that are "live" (one per email and event).
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_VALIDATION)


class Registration(models.Model):
    """Someone's seats (or place on the waitlist) at an event, or at every session of a
    course. A member's registration carries their account; a visitor's only a name and an
    email, confirmed through a signed link before it counts."""

    Status = RegistrationStatus

    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations"
    )
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))  # lower-cased; a member's copied from the account
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    category = models.ForeignKey(
        TicketCategory, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=24, choices=RegistrationStatus.choices)
    unit_price = models.DecimalField(_("price per seat"), max_digits=8, decimal_places=2)
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The seats times the price per seat when registering; billing charges it."),
    )
    token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    waitlisted_at = models.DateTimeField(
        _("on the waitlist since"), null=True, blank=True, db_index=True
    )
    confirmed_at = models.DateTimeField(_("seat given on"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["series", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, series__isnull=True)
                | Q(event__isnull=True, series__isnull=False),
                name="registration_event_or_series",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="registration_seats_positive"),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="registration_price_not_negative"
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_live_per_email_event",
            ),
            models.UniqueConstraint(
                fields=["series", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_live_per_email_series",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event or self.series}"

    @property
    def holds_seats(self) -> bool:
        return self.status in SEAT_STATUSES

    @property
    def is_visitor(self) -> bool:
        return self.member_id is None


class Attendance(models.Model):
    """Whether a registration's people came to one event (one row per course session)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)
    present_count = models.PositiveSmallIntegerField(
        _("people present"),
        null=True,
        blank=True,
        help_text=_("Empty: every seat of the registration when present."),
    )
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event", "registration"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "event"], name="attendance_one_per_registration_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.event}"
