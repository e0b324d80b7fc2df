"""Invoices and credit notes, their lines and their payments: legal records, written once by
invoice_services in one transaction and never changed (records.FinalRecord; only the payment
status and the rendered PDF are saved again). Each carries what the law asks to be printed,
as it was when issued (seller and buyer snapshots), and a SHA-256 fingerprint of its
content chained to the previous one of its lab (fingerprint.py, ADR 0013). Credit notes
store positive amounts; their kind says they go the other way."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .charge_models import QUANTITY, RATE, UNIT_PRICE
from .choices import InvoiceKind, InvoiceStatus, ItemType, PaymentMethod, RefundMethod, Unit
from .price_models import MONEY
from .records import FinalRecord


class Invoice(FinalRecord):
    MUTABLE_FIELDS = frozenset({"status", "pdf"})
    Kind = InvoiceKind
    Status = InvoiceStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(
        _("kind"), max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    number = models.CharField(_("number"), max_length=40)
    chain_index = models.PositiveIntegerField(
        _("position in the lab's chain"), help_text=_("1 for the lab's first invoice.")
    )
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("credited invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    refund_method = models.CharField(
        _("refunded"), max_length=20, choices=RefundMethod.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issue_date = models.DateField(_("issue date"), help_text=_("In the lab's time zone."))
    service_date_from = models.DateField(_("services from"), null=True, blank=True)
    service_date_until = models.DateField(_("services until"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    buyer_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
    )
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_address = models.TextField(_("buyer's address"), blank=True)
    buyer_email = models.EmailField(_("buyer's email"), blank=True)
    buyer_company_id = models.CharField(_("buyer's SIREN or VAT number"), max_length=40, blank=True)
    seller = models.JSONField(
        _("seller"), help_text=_("The lab's name, address and legal ids when issued.")
    )
    currency = models.CharField(_("currency"), max_length=3)
    total_excl_tax = models.DecimalField(_("total excluding VAT"), **MONEY)
    total_vat = models.DecimalField(_("total VAT"), **MONEY)
    total_incl_tax = models.DecimalField(_("total including VAT"), **MONEY)
    vat_breakdown = models.JSONField(
        _("VAT per rate"), default=list, help_text=_('[{"rate", "base", "vat"}] as strings.')
    )
    vat_exempt = models.BooleanField(_("not subject to VAT"), default=False)
    vat_exemption_mention = models.CharField(_("VAT-exemption mention"), max_length=200, blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    late_payment_mention = models.TextField(_("late-payment penalties"), blank=True)
    status = models.CharField(
        _("payment"),
        max_length=20,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.UNPAID,
        db_index=True,
    )
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, unique=True)
    previous_fingerprint = models.CharField(_("previous fingerprint"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="billing/invoices/", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "number"], name="invoice_unique_number"),
            models.UniqueConstraint(fields=["lab", "chain_index"], name="invoice_unique_chain"),
            models.CheckConstraint(
                condition=Q(total_excl_tax__gte=0) & Q(total_vat__gte=0) & Q(total_incl_tax__gte=0),
                name="invoice_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
                name="invoice_credit_note_credits_an_invoice",
            ),
            models.CheckConstraint(condition=Q(chain_index__gte=1), name="invoice_chain_from_1"),
        ]
        indexes = [
            models.Index(fields=["lab", "issued_at"]),
            models.Index(fields=["buyer_member", "issued_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(FinalRecord):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    charge = models.ForeignKey(
        "billing.Charge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    credited_line = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    unit_price = models.DecimalField(_("unit price excluding VAT"), **UNIT_PRICE)
    vat_rate = models.DecimalField(_("VAT rate (%)"), **RATE)
    amount_excl_tax = models.DecimalField(_("amount excluding VAT"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), **MONEY)
    amount_incl_tax = models.DecimalField(_("amount including VAT"), **MONEY)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoiceline_position"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="invoiceline_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0)
                & Q(amount_excl_tax__gte=0)
                & Q(vat_amount__gte=0)
                & Q(amount_incl_tax__gte=0),
                name="invoiceline_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Payment(FinalRecord):
    """Money received for an invoice, or paid back for a credit note (refund by the original
    method or to the wallet). `provider` and `provider_reference` are for an online payment
    provider plugged in later (its transaction id)."""

    Method = PaymentMethod

    lab = models.ForeignKey("core.Lab", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("Cheque or transfer number.")
    )
    provider = models.CharField(_("payment provider"), max_length=40, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}"
