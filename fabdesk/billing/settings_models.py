"""The lab's accounting settings (numbering, legal wording, refund rule, account codes) and
the per-lab counters that number invoices without gaps."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import InvoiceKind, ItemType, PaymentMethod, RefundRule

VAT_EXEMPTION_293B = "TVA non applicable, art. 293 B du CGI"
LATE_PAYMENT_MENTION = (
    "En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal ; "
    "pour un client professionnel, indemnité forfaitaire pour frais de recouvrement de 40 €."
)
PATTERN_FIELDS = ("year", "month", "seq")


def _account(label, default: str) -> models.CharField:
    return models.CharField(label, max_length=20, default=default)


class AccountingSettings(models.Model):
    """One per lab, created on first use (`accounting_settings_for(lab)`). Its row is also the
    lock every invoice or credit note of the lab is issued under (numbering and the
    fingerprint chain, ADR 0013)."""

    lab = models.OneToOneField("core.Lab", on_delete=models.CASCADE, related_name="accounting")
    invoice_number_pattern = models.CharField(
        _("invoice number pattern"),
        max_length=60,
        default="{year}-{seq:06d}",
        help_text=_("{year}, {month} and {seq} (the number in the series), e.g. {year}-{seq:06d}."),
    )
    credit_note_number_pattern = models.CharField(
        _("credit note number pattern"), max_length=60, default="AV{year}-{seq:06d}"
    )
    payment_due_days = models.PositiveSmallIntegerField(
        _("payment due after (days)"), default=0, help_text=_("0: payable on receipt.")
    )
    payment_terms = models.TextField(
        _("payment terms"), default="Payable à réception. Pas d'escompte pour paiement anticipé."
    )
    late_payment_mention = models.TextField(
        _("late-payment penalties"), default=LATE_PAYMENT_MENTION
    )
    vat_exemption_mention = models.CharField(
        _("VAT-exemption mention"),
        max_length=200,
        default=VAT_EXEMPTION_293B,
        help_text=_("Printed on invoices when the lab is not subject to VAT."),
    )
    prices_include_tax = models.BooleanField(
        _("prices include VAT"),
        default=True,
        help_text=_("Price lists are entered VAT included (what members pay)."),
    )
    refund_rule = models.CharField(
        _("refund on cancellation before the deadline"),
        max_length=20,
        choices=RefundRule.choices,
        default=RefundRule.FULL,
    )
    refund_percentage = models.DecimalField(
        _("refund percentage"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    # Accounts (plan comptable général); every code is a setting.
    account_machine_time = _account(_("account: machine time"), "706100")
    account_space = _account(_("account: spaces"), "706200")
    account_training = _account(_("account: trainings"), "706300")
    account_event = _account(_("account: events"), "706400")
    account_membership = _account(_("account: memberships"), "756000")
    account_pack = _account(_("account: prepaid hours"), "706500")
    account_print = _account(_("account: prints"), "706600")
    account_material = _account(_("account: materials"), "707000")
    account_other = _account(_("account: other sales"), "708000")
    account_customers = _account(_("account: customers"), "411000")
    account_wallet = _account(_("account: wallet balances"), "419000")
    account_vat = _account(_("account: VAT collected"), "445710")
    vat_accounts = models.JSONField(
        _("VAT accounts per rate"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"20.00": "445711", "5.50": "445712"}; others use the VAT account.'),
    )
    account_cash = _account(_("account: cash"), "530000")
    account_card = _account(_("account: card payments"), "511200")
    account_cheque = _account(_("account: cheques"), "511100")
    account_transfer = _account(_("account: bank"), "512000")
    account_online = _account(_("account: online payments"), "512100")
    sales_journal_code = models.CharField(_("sales journal code"), max_length=10, default="VE")
    sales_journal_label = models.CharField(
        _("sales journal name"), max_length=60, default="Journal des ventes"
    )
    bank_journal_code = models.CharField(_("receipts journal code"), max_length=10, default="BQ")
    bank_journal_label = models.CharField(
        _("receipts journal name"), max_length=60, default="Banque"
    )
    cash_journal_code = models.CharField(_("cash journal code"), max_length=10, default="CA")
    cash_journal_label = models.CharField(_("cash journal name"), max_length=60, default="Caisse")
    wallet_journal_code = models.CharField(_("wallet journal code"), max_length=10, default="OD")
    wallet_journal_label = models.CharField(
        _("wallet journal name"), max_length=60, default="Opérations diverses"
    )

    class Meta:
        verbose_name = _("accounting settings")
        verbose_name_plural = _("accounting settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(refund_percentage__gte=0) & Q(refund_percentage__lte=100),
                name="accountingsettings_refund_percentage_0_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.lab)

    def clean(self) -> None:
        errors = {}
        for name in ("invoice_number_pattern", "credit_note_number_pattern"):
            try:
                sample = getattr(self, name).format(year=2026, month=1, seq=1)
            except (KeyError, IndexError, ValueError):
                errors[name] = _("Use only {year}, {month} and {seq}.")
                continue
            if "{seq" not in getattr(self, name) or not sample:
                errors[name] = _("The pattern must contain {seq}.")
        if errors:
            raise ValidationError(errors)

    def number_pattern(self, kind: str) -> str:
        if kind == InvoiceKind.CREDIT_NOTE:
            return self.credit_note_number_pattern
        return self.invoice_number_pattern

    def account_for_item(self, item_type: str) -> str:
        return getattr(self, f"account_{ItemType(item_type).value}")

    def account_for_vat(self, rate: Decimal) -> str:
        return self.vat_accounts.get(f"{Decimal(rate):.2f}") or self.account_vat

    def account_for_payment(self, method: str) -> str:
        if method == PaymentMethod.WALLET:
            return self.account_wallet
        return getattr(self, f"account_{PaymentMethod(method).value}")

    def journal_for_payment(self, method: str) -> tuple[str, str]:
        if method == PaymentMethod.CASH:
            return self.cash_journal_code, self.cash_journal_label
        if method == PaymentMethod.WALLET:
            return self.wallet_journal_code, self.wallet_journal_label
        return self.bank_journal_code, self.bank_journal_label


class InvoiceCounter(models.Model):
    """The last number given in one series of a lab (invoices or credit notes, per year when
    the pattern holds {year}, else `year` is 0). Only numbering.number_next writes it, under
    the lab's AccountingSettings lock."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices)
    year = models.PositiveSmallIntegerField(default=0)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice counter")
        verbose_name_plural = _("invoice counters")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "kind", "year"], name="invoicecounter_one_per_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lab} {self.kind} {self.year}: {self.last_number}"
