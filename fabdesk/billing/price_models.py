"""Price lists. Each entry is valid for a period of days (`valid_from`, and `valid_until`
included, open when empty) and for one member group or for everyone, so a price changes by
adding an entry: past charges keep the price they were made with (they store it).

pricing.price_entry_at() picks the entry a member pays on a day: their group's before the
all-groups one, the latest `valid_from` first; a plan's entry (a reduced rate for its
subscribers) before both."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import ItemType, RoundingMode, Unit

MONEY = {"max_digits": 10, "decimal_places": 2}


def vat_rate_field() -> models.DecimalField:
    return models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Empty: the lab's default rate."),
    )


class PriceEntry(models.Model):
    """What every price list entry has: a lab, a member group (or everyone), a validity."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    member_group = models.ForeignKey(
        "members.MemberGroup",
        verbose_name=_("member group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: everyone without a price of their own group."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until (included)"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from", "id"]

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end is before the start.")})


def validity_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
        name=f"{name}_valid_until_after_from",
    )


class TimePriceEntry(PriceEntry):
    """An hourly rate with a minimum charge and the rounding of durations."""

    plan = models.ForeignKey(
        "billing.Plan",
        verbose_name=_("for subscribers of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A reduced rate for the members of a plan. Empty: everyone."),
    )
    hourly_rate = models.DecimalField(_("hourly rate"), **MONEY)
    minimum_charge = models.DecimalField(_("minimum charge"), default=Decimal("0"), **MONEY)
    rounding_minutes = models.PositiveSmallIntegerField(
        _("rounding step (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    rounding_mode = models.CharField(
        _("rounding"), max_length=10, choices=RoundingMode.choices, default=RoundingMode.UP
    )
    vat_rate = vat_rate_field()

    class Meta(PriceEntry.Meta):
        abstract = True


def time_price_constraints(name: str) -> list[models.BaseConstraint]:
    return [
        validity_constraint(name),
        models.CheckConstraint(
            condition=Q(hourly_rate__gte=0) & Q(minimum_charge__gte=0),
            name=f"{name}_amounts_not_negative",
        ),
        models.CheckConstraint(condition=Q(rounding_minutes__gte=1), name=f"{name}_rounding_step"),
        models.CheckConstraint(
            condition=Q(vat_rate__isnull=True) | (Q(vat_rate__gte=0) & Q(vat_rate__lte=100)),
            name=f"{name}_vat_rate_0_100",
        ),
    ]


class MachinePrice(TimePriceEntry):
    """The hourly rate of a machine, or of every machine of a category without its own."""

    machine = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("machine"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="prices",
    )
    category = models.ForeignKey(
        "equipment.MachineCategory",
        verbose_name=_("machine category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="prices",
    )

    class Meta(TimePriceEntry.Meta):
        verbose_name = _("machine price")
        verbose_name_plural = _("machine prices")
        constraints = [
            *time_price_constraints("machineprice"),
            models.CheckConstraint(
                condition=Q(machine__isnull=False, category__isnull=True)
                | Q(machine__isnull=True, category__isnull=False),
                name="machineprice_machine_or_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine or self.category}: {self.hourly_rate}/h"


class SpacePrice(TimePriceEntry):
    space = models.ForeignKey(
        "equipment.Space", verbose_name=_("space"), on_delete=models.CASCADE, related_name="prices"
    )
    per_person = models.BooleanField(
        _("per person"), default=False, help_text=_("The rate is multiplied by the people booked.")
    )

    class Meta(TimePriceEntry.Meta):
        verbose_name = _("space price")
        verbose_name_plural = _("space prices")
        constraints = time_price_constraints("spaceprice")

    def __str__(self) -> str:
        return f"{self.space}: {self.hourly_rate}/h"


class Item(models.Model):
    """A product sold at a fixed price per unit: a plywood sheet, PLA by the gram, a kit."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="billing_items")
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    item_type = models.CharField(
        _("type"), max_length=20, choices=ItemType.choices, default=ItemType.MATERIAL
    )
    unit = models.CharField(_("sold by"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    unit_label = models.CharField(
        _("unit label"), max_length=30, blank=True, help_text=_("e.g. 60x40 cm sheet")
    )
    vat_rate = vat_rate_field()
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["lab", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "code"], name="item_unique_code_per_lab"),
            models.CheckConstraint(
                condition=Q(vat_rate__isnull=True) | (Q(vat_rate__gte=0) & Q(vat_rate__lte=100)),
                name="item_vat_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ItemPrice(PriceEntry):
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="prices"
    )
    unit_price = models.DecimalField(
        _("price per unit"), max_digits=12, decimal_places=4, validators=[MinValueValidator(0)]
    )

    class Meta(PriceEntry.Meta):
        verbose_name = _("item price")
        verbose_name_plural = _("item prices")
        constraints = [
            validity_constraint("itemprice"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="itemprice_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.unit_price}"
