"""A lab's opening hours: the weekly schedule (several ranges a day, wall-clock times in the
lab's time zone), exceptional closures (holidays, events) and exceptional openings (an open
day on a Sunday). `selectors.opening_ranges` turns them into aware intervals."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS as DJANGO_WEEKDAYS
from django.utils.translation import gettext_lazy as _

WEEKDAYS = list(DJANGO_WEEKDAYS.items())  # Django's own names: the date filter's words


class WeeklyRange(models.Model):
    """The lab is open every `weekday` (0 = Monday) from `opens_at` to `closes_at`, local time.
    Ranges of one day never overlap (checked by `services.weekly_schedule_set`)."""

    lab = models.ForeignKey(
        "core.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="weekly_ranges"
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=WEEKDAYS)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("weekly opening range")
        verbose_name_plural = _("weekly opening ranges")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="weeklyrange_closes_after_opens"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="weeklyrange_weekday"),
            models.UniqueConstraint(
                fields=["lab", "weekday", "opens_at"], name="weeklyrange_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening.")})


class Closure(models.Model):
    """The lab is closed from `start_date` to `end_date` (both included): all day, or only
    from `start_time` to `end_time` on each of those days."""

    lab = models.ForeignKey(
        "core.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="closures"
    )
    label = models.CharField(_("reason"), max_length=200)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to (included)"))
    start_time = models.TimeField(_("from (time)"), null=True, blank=True)
    end_time = models.TimeField(_("to (time)"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["start_date", "start_time", "id"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_end_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True) & Q(end_time__isnull=True))
                | (
                    Q(start_time__isnull=False)
                    & Q(end_time__isnull=False)
                    & Q(end_time__gt=F("start_time"))
                ),
                name="closure_hours_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day must not be before the first.")
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = _("Give both times, or neither for a whole-day closure.")
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)


class ExceptionalOpening(models.Model):
    """The lab is open on `date` from `opens_at` to `closes_at`, whatever the weekly schedule
    and any closure say (an open day on a Sunday, an event during the holidays)."""

    lab = models.ForeignKey(
        "core.Lab",
        verbose_name=_("lab"),
        on_delete=models.CASCADE,
        related_name="exceptional_openings",
    )
    label = models.CharField(_("occasion"), max_length=200)
    date = models.DateField(_("date"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["date", "opens_at", "id"]
        verbose_name = _("exceptional opening")
        verbose_name_plural = _("exceptional openings")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="exceptionalopening_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening.")})
