"""Charges: each priced thing a member (or a walk-in customer) owes, made by the one pricing
service (pricing.py) with its lines (hours included in a plan, prepaid hours, paid hours,
a minimum charge). A charge links to what it prices (a booking, an enrolment, a
registration, a print job, an item) by a generic link; it waits to be paid (pending), goes
into a desk cart, and ends on an invoice, or is cancelled. Carts are the desk's checkout."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import CartStatus, ChargeStatus, ItemType, LineKind, Unit
from .price_models import MONEY

QUANTITY = {"max_digits": 12, "decimal_places": 4}
UNIT_PRICE = {"max_digits": 12, "decimal_places": 4}
RATE = {"max_digits": 5, "decimal_places": 2}


class Customer(models.Model):
    """Who is billed: a member, or a walk-in customer by name and address."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    customer_address = models.TextField(_("customer address"), blank=True)
    customer_email = models.EmailField(_("customer email"), blank=True)

    class Meta:
        abstract = True

    @property
    def buyer_name(self) -> str:
        return str(self.member) if self.member_id else self.customer_name


def customer_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(member__isnull=False) | ~Q(customer_name=""), name=f"{name}_has_a_customer"
    )


class Cart(Customer):
    """A checkout at the desk, for a member or a walk-in customer."""

    Status = CartStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    customer_company_id = models.CharField(
        _("customer SIREN or VAT number"), max_length=40, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CartStatus.choices, default=CartStatus.OPEN
    )
    invoice = models.OneToOneField(
        "billing.Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cart",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        ordering = ["-opened_at", "-id"]
        constraints = [customer_constraint("cart")]

    def __str__(self) -> str:
        return f"{self.buyer_name} ({self.opened_at:%Y-%m-%d})"


class Charge(Customer):
    Status = ChargeStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    performed_on = models.DateField(_("date of the service"))
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    plan_minutes = models.PositiveIntegerField(_("minutes included in a plan"), default=0)
    pack_minutes = models.PositiveIntegerField(_("prepaid minutes used"), default=0)
    total_excl_tax = models.DecimalField(_("total excluding VAT"), **MONEY)
    total_vat = models.DecimalField(_("VAT"), **MONEY)
    total_incl_tax = models.DecimalField(_("total including VAT"), **MONEY)
    pricing = models.JSONField(
        _("how it was priced"),
        default=dict,
        blank=True,
        help_text=_("The price entry, rate, rounding and durations the pricing service used."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChargeStatus.choices,
        default=ChargeStatus.PENDING,
        db_index=True,
    )
    cart = models.ForeignKey(
        Cart,
        verbose_name=_("cart"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
    )
    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charges",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["-created_at", "-id"]
        constraints = [
            customer_constraint("charge"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="charge_quantity_positive"),
            models.CheckConstraint(
                condition=Q(total_excl_tax__gte=0) & Q(total_vat__gte=0) & Q(total_incl_tax__gte=0),
                name="charge_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="invoiced", invoice__isnull=False)
                | (~Q(status="invoiced") & Q(invoice__isnull=True)),
                name="charge_invoiced_has_invoice",
            ),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["member", "status"]),
            models.Index(fields=["lab", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.total_incl_tax})"


class ChargeLine(models.Model):
    """One line of a charge: what the invoice line will say."""

    Kind = LineKind

    charge = models.ForeignKey(Charge, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.PAID)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    unit_price = models.DecimalField(_("unit price excluding VAT"), **UNIT_PRICE)
    vat_rate = models.DecimalField(_("VAT rate (%)"), **RATE)
    amount_excl_tax = models.DecimalField(_("amount excluding VAT"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), **MONEY)
    amount_incl_tax = models.DecimalField(_("amount including VAT"), **MONEY)

    class Meta:
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        ordering = ["charge", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="chargeline_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0)
                & Q(amount_excl_tax__gte=0)
                & Q(vat_amount__gte=0)
                & Q(amount_incl_tax__gte=0),
                name="chargeline_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lte=100),
                name="chargeline_vat_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.description
