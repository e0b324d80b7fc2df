"""Forms of the desk and the staff's invoice pages: open a cart, add an item or a free line,
the payments taken (several rows for a mix), record a payment later, a credit note, a
wallet top-up or paying back, and the invoice list's filters. The services check every rule
again; these forms only turn the fields into their arguments."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker
from fabdesk.core.money import CENT

from .choices import InvoiceKind, InvoiceStatus, ItemType, PaymentMethod, RefundMethod
from .payment_services import PaymentIn
from .price_models import Item

DATE = DatePicker()
DESK_METHODS = [
    (method.value, method.label)
    for method in (
        PaymentMethod.CASH,
        PaymentMethod.CARD,
        PaymentMethod.CHEQUE,
        PaymentMethod.TRANSFER,
        PaymentMethod.WALLET,
    )
]
PAYMENT_ROWS = 3


def money_field(label, *, required=True, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=CENT,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
        **kwargs,
    )


class WalkInForm(forms.Form):
    customer_name = forms.CharField(label=_("Name"), max_length=200)
    customer_address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    customer_email = forms.EmailField(label=_("Email"), required=False)
    customer_company_id = forms.CharField(
        label=_("SIREN or VAT number"),
        max_length=40,
        required=False,
        help_text=_("For a company: printed on the invoice."),
    )


class AddItemForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        initial=1,
        help_text=_("Sheets, grams or units, as the item is sold."),
        widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(lab=lab, is_active=True).order_by("position", "name")
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = self.label

    @staticmethod
    def label(item: Item) -> str:
        unit = item.unit_label or item.get_unit_display()
        return f"{item.name} ({unit})"


class FreeLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        initial=1,
        widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal(0),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )
    vat_rate = forms.DecimalField(
        label=_("VAT rate (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        help_text=_("Empty: the lab's default rate."),
    )
    item_type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices, initial="other")

    def __init__(self, *args, prices_include_tax: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if prices_include_tax:
            self.fields["unit_price"].label = _("Unit price (VAT included)")
        else:
            self.fields["unit_price"].label = _("Unit price (excluding VAT)")


class PaymentRowForm(forms.Form):
    method = forms.ChoiceField(label=_("Paid by"), choices=DESK_METHODS, required=False)
    amount = money_field(_("Amount"), required=False)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("Cheque or transfer number."),
    )

    def clean(self):
        data = super().clean()
        if data.get("amount") and not data.get("method"):
            self.add_error("method", _("Say how this amount was paid."))
        return data

    def payment(self) -> PaymentIn | None:
        data = self.cleaned_data
        if not data.get("amount"):
            return None
        return PaymentIn(data["method"], data["amount"], data.get("reference", ""))


PaymentFormSet = forms.formset_factory(PaymentRowForm, extra=PAYMENT_ROWS, max_num=PAYMENT_ROWS)


class CheckoutForm(forms.Form):
    pay_later = forms.BooleanField(
        label=_("Issue it unpaid (paid later, e.g. by bank transfer)"),
        required=False,
        help_text=_("The payments taken now may then be less than the total."),
    )


def payment_rows(data, *, member) -> PaymentFormSet:
    """The payment rows of the checkout; the wallet only for a member."""
    formset = PaymentFormSet(data, prefix="pay")
    if member is None:
        for form in formset.forms:
            form.fields["method"].choices = [c for c in DESK_METHODS if c[0] != "wallet"]
    return formset


class RecordPaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Paid by"), choices=DESK_METHODS)
    amount = money_field(_("Amount"))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("Cheque or transfer number."),
    )
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=DATE, help_text=_("Empty: today.")
    )


class CreditNoteForm(forms.Form):
    """What to credit: everything left, some quantities of lines (`qty_<line id>` fields
    added per line), or an amount including VAT."""

    FULL, LINES, AMOUNT = "full", "lines", "amount"
    mode = forms.ChoiceField(
        label=_("Credit"),
        widget=forms.RadioSelect,
        initial=FULL,
        choices=[
            (FULL, _("Everything that remains")),
            (LINES, _("Some lines (the quantities below)")),
            (AMOUNT, _("An amount (VAT included)")),
        ],
    )
    amount = money_field(_("Amount to credit (VAT included)"), required=False)
    refund_method = forms.ChoiceField(
        label=_("Refund"), choices=RefundMethod.choices, initial=RefundMethod.WALLET
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, rests, has_wallet: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rests = rests
        for rest in rests:
            self.fields[f"qty_{rest.line.pk}"] = forms.DecimalField(
                label=rest.line.description,
                required=False,
                max_digits=12,
                decimal_places=4,
                min_value=Decimal(0),
                max_value=rest.quantity,
                widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
            )
        if not has_wallet:
            self.fields["refund_method"].choices = [
                c for c in RefundMethod.choices if c[0] != RefundMethod.WALLET
            ]
            self.fields["refund_method"].initial = RefundMethod.ORIGINAL

    def line_fields(self):
        return [(rest, self[f"qty_{rest.line.pk}"]) for rest in self.rests]

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == self.AMOUNT and not data.get("amount"):
            self.add_error("amount", _("Give the amount to credit."))
        if mode == self.LINES and not self.quantities():
            self.add_error(None, _("Give the quantity to credit on at least one line."))
        return data

    def quantities(self) -> dict[int, Decimal]:
        data = self.cleaned_data
        found = {rest.line.pk: data.get(f"qty_{rest.line.pk}") for rest in self.rests}
        return {pk: quantity for pk, quantity in found.items() if quantity}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"refund_method": data["refund_method"], "reason": data["reason"]}
        if data["mode"] == self.LINES:
            kwargs["lines"] = self.quantities()
        elif data["mode"] == self.AMOUNT:
            kwargs["amount"] = data["amount"]
        return kwargs


class WalletMoveForm(forms.Form):
    TOP_UP, WITHDRAW = "top_up", "withdraw"
    direction = forms.ChoiceField(
        label=_("Operation"),
        choices=[(TOP_UP, _("Top up (money received)")), (WITHDRAW, _("Pay back"))],
        initial=TOP_UP,
    )
    method = forms.ChoiceField(
        label=_("Paid by"), choices=[c for c in DESK_METHODS if c[0] != "wallet"]
    )
    amount = money_field(_("Amount"))
    reference = forms.CharField(label=_("Reference or reason"), max_length=300, required=False)


class InvoiceFilterForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=40, required=False)
    buyer = forms.CharField(label=_("Buyer"), max_length=100, required=False)
    date_from = forms.DateField(label=_("Issued from"), required=False, widget=DATE)
    date_until = forms.DateField(label=_("until"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Payment"), choices=[("", _("All")), *InvoiceStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *InvoiceKind.choices], required=False
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {key: value for key, value in data.items() if value not in (None, "")}
