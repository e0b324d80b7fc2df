"""Prepaid packs: N hours on a machine or a category (or every machine), bought at a price
per member group, valid a number of days after purchase, used before paying by the hour
(after the membership's included hours)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import PackStatus
from .price_models import MONEY, PriceEntry, validity_constraint, vat_rate_field


class Pack(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="packs")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("code"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
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
    validity_days = models.PositiveIntegerField(_("valid for (days)"), default=365)
    vat_rate = vat_rate_field()
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("prepaid pack")
        verbose_name_plural = _("prepaid packs")
        ordering = ["lab", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="pack_unique_slug_per_lab"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="pack_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PackPrice(PriceEntry):
    pack = models.ForeignKey(
        Pack, verbose_name=_("pack"), on_delete=models.CASCADE, related_name="prices"
    )
    amount = models.DecimalField(_("price"), **MONEY)

    class Meta(PriceEntry.Meta):
        verbose_name = _("pack price")
        verbose_name_plural = _("pack prices")
        constraints = [
            validity_constraint("packprice"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="packprice_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.pack}: {self.amount}"


class PackPurchase(models.Model):
    """A member's pack: its hours, until `expires_on` (included). What is left is the hours
    minus its PackUsage rows (pricing.pack_minutes_left)."""

    Status = PackStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="pack_purchases",
    )
    pack = models.ForeignKey(
        Pack, verbose_name=_("pack"), on_delete=models.PROTECT, related_name="purchases"
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    price = models.DecimalField(_("price"), **MONEY)
    purchased_on = models.DateField(_("bought on"))
    expires_on = models.DateField(_("expires on (included)"))
    status = models.CharField(
        _("status"), max_length=20, choices=PackStatus.choices, default=PackStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pack bought")
        verbose_name_plural = _("packs bought")
        ordering = ["expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(price__gte=0), name="packpurchase_amounts"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("purchased_on")), name="packpurchase_expires_after"
            ),
        ]
        indexes = [models.Index(fields=["member", "status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.pack} · {self.member}"


class PackUsage(models.Model):
    purchase = models.ForeignKey(PackPurchase, on_delete=models.CASCADE, related_name="usages")
    charge = models.ForeignKey(
        "billing.Charge", on_delete=models.CASCADE, related_name="pack_usages"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prepaid hours used")
        verbose_name_plural = _("prepaid hours used")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="packusage_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.purchase}: {self.minutes} min"
