"""Membership plans and subscriptions. A plan may include machine hours per period (for some
machines or categories, or all machines when none is named) and may carry reduced hourly
rates (MachinePrice/SpacePrice entries with `plan` set). A subscription is one period of a
plan for a member; renewing makes the next one. Hours used are PlanUsage rows, written by
the charges that consume them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import PlanPeriod, SubscriptionStatus
from .price_models import MONEY, PriceEntry, validity_constraint, vat_rate_field


class Plan(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("code"), max_length=60)
    description = models.TextField(_("description (Markdown)"), blank=True)
    period = models.CharField(
        _("period"), max_length=10, choices=PlanPeriod.choices, default=PlanPeriod.YEAR
    )
    included_hours = models.DecimalField(
        _("machine hours included per period"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    machines = models.ManyToManyField(
        "equipment.Machine", verbose_name=_("on machines"), blank=True, related_name="+"
    )
    categories = models.ManyToManyField(
        "equipment.MachineCategory",
        verbose_name=_("on machine categories"),
        blank=True,
        related_name="+",
        help_text=_("No machine and no category: the hours count on every machine."),
    )
    vat_rate = vat_rate_field()
    reminder_days = models.PositiveSmallIntegerField(_("reminder before expiry (days)"), default=14)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        ordering = ["lab", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="plan_unique_slug_per_lab"),
            models.CheckConstraint(
                condition=Q(included_hours__gte=0), name="plan_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanPrice(PriceEntry):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="prices"
    )
    amount = models.DecimalField(_("price per period"), **MONEY)

    class Meta(PriceEntry.Meta):
        verbose_name = _("plan price")
        verbose_name_plural = _("plan prices")
        constraints = [
            validity_constraint("planprice"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="planprice_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.amount}"


class Subscription(models.Model):
    """One period of a plan for a member, from `starts_on` to `ends_on` (included)."""

    Status = SubscriptionStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (included)"))
    included_hours = models.DecimalField(
        _("machine hours included"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("The plan's hours when the period started."),
    )
    price = models.DecimalField(_("price"), default=Decimal("0"), **MONEY)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.ACTIVE,
        db_index=True,
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="subscription_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(included_hours__gte=0) & Q(price__gte=0),
                name="subscription_amounts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["member", "status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.plan} · {self.member} ({self.starts_on} - {self.ends_on})"


class PlanUsage(models.Model):
    """Minutes of a subscription's included hours used by a charge."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="usages")
    charge = models.ForeignKey(
        "billing.Charge", on_delete=models.CASCADE, related_name="plan_usages"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership hours used")
        verbose_name_plural = _("membership hours used")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="planusage_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.subscription}: {self.minutes} min"
