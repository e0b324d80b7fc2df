"""Trainings, their sessions, who enrolled, and the certifications (habilitations) they give:
the authorisation to use a machine."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Training(models.Model):
    """A course that unlocks machines (directly, or every machine of some categories)."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("code"), max_length=80)
    description = models.TextField(_("description (Markdown)"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1)], default=120
    )
    machines = models.ManyToManyField(
        "equipment.Machine",
        verbose_name=_("machines it unlocks"),
        blank=True,
        related_name="trainings",
    )
    categories = models.ManyToManyField(
        "equipment.MachineCategory",
        verbose_name=_("machine categories it unlocks"),
        blank=True,
        related_name="trainings",
    )
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        symmetrical=False,
        blank=True,
        related_name="unlocks_trainings",
    )
    validity_months = models.PositiveIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the certification never expires."),
    )
    lapse_months = models.PositiveIntegerField(
        _("lapses after (months without use)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: not using the machine does not matter."),
    )
    max_participants = models.PositiveIntegerField(
        _("participants at most"), default=6, validators=[MinValueValidator(1)]
    )
    min_participants = models.PositiveIntegerField(
        _("participants at least"),
        default=1,
        help_text=_("Below this, a session is cancelled automatically before it starts."),
    )
    auto_cancel_hours = models.PositiveIntegerField(
        _("cancel a too-small session (hours before)"), null=True, blank=True, default=24
    )
    expiry_reminder_days = models.PositiveIntegerField(
        _("remind members (days before expiry)"),
        null=True,
        blank=True,
        default=30,
        help_text=_("Empty: no reminder."),
    )
    cancel_deadline_hours = models.PositiveIntegerField(
        _("members may cancel until (hours before)"), default=24
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer trainers"),
        blank=True,
        related_name="trainings_taught",
        help_text=_("Certified members who may lead sessions (staff always may)."),
    )
    teaching_pack = models.FileField(_("teaching pack (PDF)"), upload_to="trainings/", blank=True)
    teaching_pack_url = models.URLField(_("teaching pack (link)"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="training_unique_slug"),
            models.CheckConstraint(
                condition=Q(min_participants__lte=models.F("max_participants")),
                name="training_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingPrice(models.Model):
    """What a member group pays for a training (charged once billing exists)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="prices")
    member_group = models.ForeignKey(
        "members.MemberGroup", on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField(
        _("price"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("training price")
        verbose_name_plural = _("training prices")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "member_group"], name="trainingprice_unique_group"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="trainingprice_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.training} · {self.member_group}: {self.amount}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingSession(models.Model):
    Status = SessionStatus

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_led",
    )
    space = models.ForeignKey(
        "equipment.Space", verbose_name=_("space"), null=True, blank=True, on_delete=models.SET_NULL
    )
    place = models.CharField(_("place (if not a space of the lab)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    attendance_taken_at = models.DateTimeField(_("attendance taken on"), null=True, blank=True)
    notes = models.TextField(_("notes for the participants"), blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training} · {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    """A member's seat (or place on the waitlist) in a session, and what came of it."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Attended and passed")
        NOT_PASSED = "not_passed", _("Attended, not passed yet")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    outcome = models.CharField(_("attendance"), max_length=20, choices=Outcome.choices, blank=True)
    price = models.DecimalField(
        _("price"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("The member group's price when they enrolled; billing charges it later."),
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # One live enrolment (seat or waitlist) per member and session; cancelled ones stay.
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=~Q(status="cancelled"),
                name="enrolment_one_live_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.session}"


class Certification(models.Model):
    """A member's authorisation from a training (habilitation). Rows are history: a renewal
    adds a row; revoking marks the row. The current one is the latest not revoked."""

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("Session attended")
        STAFF = "staff", _("Granted by staff")
        IMPORT = "import", _("Imported")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="certifications")
    granted_at = models.DateTimeField(_("granted on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    source = models.CharField(_("how"), max_length=20, choices=Source.choices)
    session = models.ForeignKey(
        TrainingSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certifications",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    last_used_at = models.DateTimeField(
        _("machine last used on"),
        null=True,
        blank=True,
        help_text=_("Bookings and jobs record use; a training with a lapse counts from here."),
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        indexes = [models.Index(fields=["member", "training", "-granted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("granted_at")),
                name="certification_expires_after_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.training}"
