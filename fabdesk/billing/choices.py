"""The enumerations billing shares between its models, services and pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    """What a charge is for; each type has its own revenue account (AccountingSettings)."""

    MACHINE_TIME = "machine_time", _("Machine time")
    SPACE = "space", _("Space")
    TRAINING = "training", _("Training")
    EVENT = "event", _("Event")
    MEMBERSHIP = "membership", _("Membership")
    PACK = "pack", _("Prepaid hours")
    PRINT = "print", _("Print")
    MATERIAL = "material", _("Material")
    OTHER = "other", _("Other")


class RoundingMode(models.TextChoices):
    UP = "up", _("Per started step")
    NEAREST = "nearest", _("To the nearest step")
    DOWN = "down", _("Per completed step (in the member's favour)")


class Unit(models.TextChoices):
    UNIT = "unit", _("unit")
    HOUR = "hour", _("hour")
    SHEET = "sheet", _("sheet")
    GRAM = "gram", _("gram")
    KILOGRAM = "kg", _("kilogram")
    METRE = "metre", _("metre")
    SQUARE_METRE = "m2", _("square metre")
    SEAT = "seat", _("seat")
    PERIOD = "period", _("period")


class PlanPeriod(models.TextChoices):
    MONTH = "month", _("Monthly")
    YEAR = "year", _("Yearly")


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class PackStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class ChargeStatus(models.TextChoices):
    PENDING = "pending", _("To pay")
    IN_CART = "in_cart", _("In a cart")
    INVOICED = "invoiced", _("Invoiced")
    COVERED = "covered", _("Nothing to pay")
    CANCELLED = "cancelled", _("Cancelled")


class LineKind(models.TextChoices):
    """Where a line of a charge's breakdown comes from."""

    PAID = "paid", _("Paid")
    PLAN = "plan", _("Included in the membership")
    PACK = "pack", _("Prepaid hours")
    MINIMUM = "minimum", _("Minimum charge")


class CartStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CHECKED_OUT = "checked_out", _("Checked out")
    ABANDONED = "abandoned", _("Abandoned")


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card terminal")
    CHEQUE = "cheque", _("Cheque")
    TRANSFER = "transfer", _("Bank transfer")
    WALLET = "wallet", _("Wallet")
    ONLINE = "online", _("Online payment")


class RefundMethod(models.TextChoices):
    WALLET = "wallet", _("To the wallet")
    ORIGINAL = "original", _("By the original method")


class RefundRule(models.TextChoices):
    """What a member gets back when they cancel a paid booking or registration in time."""

    FULL = "full", _("Full refund")
    PERCENTAGE = "percentage", _("A percentage")
    NONE = "none", _("No refund")


class WalletMovementKind(models.TextChoices):
    TOP_UP = "top_up", _("Top-up")
    SPEND = "spend", _("Payment")
    REFUND = "refund", _("Refund")
    WITHDRAWAL = "withdrawal", _("Paid back")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
