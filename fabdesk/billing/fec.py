"""The FEC (fichier des écritures comptables, LPF art. A47 A-1): every accounting entry of a
fiscal year, as French accountants and the tax administration load it.

- Sales journal: one entry per invoice (customers 411 debit, VAT included, the member as
  auxiliary account; revenue accounts per item type credit, VAT excluded; VAT accounts per
  rate credit); a credit note is the same entry reversed.
- Receipts: each payment in the journal of its method (bank, cash; the wallet's in the
  miscellaneous journal): the method's account debit, customers 411 credit; a refund (a
  payment of a credit note) reversed.
- Wallet: a top-up credits the wallet liability account (419) with the member as auxiliary
  account, against the bank or cash; paying money back reverses it. Spending the wallet on an
  invoice is the payment above (419 debit, 411 credit).

Account codes and journals are the lab's AccountingSettings. The file: the 18 columns in
their legal order, a header line, tab-separated, dates YYYYMMDD, amounts with a comma and
no thousands separator, UTF-8, lines ending CRLF, named `<SIREN>FEC<YYYYMMDD>.txt` (the
last day of the fiscal year). Each entry (EcritureNum, numbered per journal in date order)
is balanced. Labels are in the lab's language (settings.LANGUAGE_CODE), like invoices."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings as django_settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import InvoiceKind, ItemType, PaymentMethod, WalletMovementKind
from .invoice_models import Invoice, InvoiceLine, Payment
from .selectors import accounting_settings_get
from .settings_models import AccountingSettings
from .wallet_models import WalletMovement

COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip
SEPARATOR = "\t"
LINE_END = "\r\n"
ZERO = Decimal(0)
WALK_IN = "DIVERS"


@dataclass(frozen=True)
class Account:
    number: str
    label: str
    aux_number: str = ""
    aux_label: str = ""


@dataclass
class Entry:
    """One accounting entry: balanced lines (account, debit, credit) on one document."""

    journal: tuple[str, str]
    day: dt.date
    piece_ref: str
    piece_date: dt.date
    label: str
    order: tuple = ()
    lines: list[tuple[Account, Decimal, Decimal]] = field(default_factory=list)
    number: str = ""

    def add(self, account: Account, *, debit=ZERO, credit=ZERO) -> None:
        if debit or credit:
            self.lines.append((account, debit, credit))

    @property
    def balanced(self) -> bool:
        return sum(line[1] for line in self.lines) == sum(line[2] for line in self.lines)


class Accounts:
    """The lab's accounts with their labels in the lab's language."""

    def __init__(self, settings: AccountingSettings):
        self.settings = settings

    def customer(self, member, *, wallet: bool = False) -> Account:
        aux_number, aux_label = WALK_IN, _("Walk-in customers")
        if member is not None:
            aux_number = f"M{member.pk:06d}"
            aux_label = member.get_full_name() or member.email
        if wallet:
            return Account(self.settings.account_wallet, _("Customer prepayments (wallets)"),
                           aux_number, aux_label)  # fmt: skip
        return Account(self.settings.account_customers, _("Customers"), aux_number, aux_label)

    def revenue(self, item_type: str) -> Account:
        label = _("Sales: %(type)s") % {"type": ItemType(item_type).label}
        return Account(self.settings.account_for_item(item_type), label)

    def vat(self, rate: Decimal) -> Account:
        label = _("VAT collected %(rate)s %%") % {"rate": f"{Decimal(rate):.2f}"}
        return Account(self.settings.account_for_vat(rate), label)

    def money(self, method: str) -> Account:
        """Where the money of a desk method goes (bank, cash…)."""
        return Account(self.settings.account_for_payment(method), PaymentMethod(method).label)


def _local_day(moment: dt.datetime, lab) -> dt.date:
    return timezone.localtime(moment, lab.tzinfo).date()


def _sales_entries(*, lab, accounts: Accounts, start, end) -> list[Entry]:
    settings = accounts.settings
    invoices = (
        Invoice.objects.filter(lab=lab, issue_date__range=(start, end))
        .select_related("buyer_member", "credited_invoice")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
    )
    entries = []
    for invoice in invoices:
        credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE
        label = (_("Credit note %(number)s, %(buyer)s") if credit_note else
                 _("Invoice %(number)s, %(buyer)s")) % {
            "number": invoice.number, "buyer": invoice.buyer_name}  # fmt: skip
        entry = Entry(
            journal=(settings.sales_journal_code, settings.sales_journal_label),
            day=invoice.issue_date,
            piece_ref=invoice.number,
            piece_date=invoice.issue_date,
            label=label[:200],
            order=(invoice.issued_at, invoice.chain_index),
        )
        revenue, vat = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        for line in invoice.lines.all():
            revenue[line.item_type] += line.amount_excl_tax
            vat[Decimal(line.vat_rate).quantize(Decimal("0.01"))] += line.vat_amount
        customer = accounts.customer(invoice.buyer_member)
        sides = ("credit", "debit") if credit_note else ("debit", "credit")
        entry.add(customer, **{sides[0]: invoice.total_incl_tax})
        for item_type, amount in sorted(revenue.items()):
            entry.add(accounts.revenue(item_type), **{sides[1]: amount})
        for rate, amount in sorted(vat.items()):
            entry.add(accounts.vat(rate), **{sides[1]: amount})
        if entry.lines:
            entries.append(entry)
    return entries


def _payment_entries(*, lab, accounts: Accounts, start, end) -> list[Entry]:
    after_end = end + dt.timedelta(days=1)
    payments = Payment.objects.filter(
        lab=lab,
        received_at__gte=_midnight(start, lab),
        received_at__lt=_midnight(after_end, lab),
    ).select_related("invoice", "invoice__buyer_member")
    entries = []
    for payment in payments:
        invoice = payment.invoice
        refund = invoice.kind == InvoiceKind.CREDIT_NOTE
        day = _local_day(payment.received_at, lab)
        label = (_("Refund %(number)s, %(method)s") if refund else
                 _("Payment %(number)s, %(method)s")) % {
            "number": invoice.number, "method": payment.get_method_display()}  # fmt: skip
        entry = Entry(
            journal=accounts.settings.journal_for_payment(payment.method),
            day=day,
            piece_ref=invoice.number,
            piece_date=day,
            label=label[:200],
            order=(payment.received_at, payment.pk),
        )
        money = accounts.money(payment.method)
        if payment.method == PaymentMethod.WALLET:
            money = accounts.customer(invoice.buyer_member, wallet=True)
        customer = accounts.customer(invoice.buyer_member)
        if refund:
            entry.add(customer, debit=payment.amount)
            entry.add(money, credit=payment.amount)
        else:
            entry.add(money, debit=payment.amount)
            entry.add(customer, credit=payment.amount)
        entries.append(entry)
    return entries


def _midnight(day: dt.date, lab) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=lab.tzinfo)


def _wallet_entries(*, lab, accounts: Accounts, start, end) -> list[Entry]:
    movements = WalletMovement.objects.filter(
        wallet__lab=lab,
        kind__in=[WalletMovementKind.TOP_UP, WalletMovementKind.WITHDRAWAL],
        created_at__gte=_midnight(start, lab),
        created_at__lt=_midnight(end + dt.timedelta(days=1), lab),
    ).select_related("wallet__member")
    entries = []
    for movement in movements:
        member = movement.wallet.member
        day = _local_day(movement.created_at, lab)
        top_up = movement.kind == WalletMovementKind.TOP_UP
        label = (_("Wallet top-up, %(name)s") if top_up else
                 _("Wallet paid back, %(name)s")) % {
            "name": member.get_full_name() or member.email}  # fmt: skip
        method = movement.method or PaymentMethod.CASH
        entry = Entry(
            journal=accounts.settings.journal_for_payment(method),
            day=day,
            piece_ref=f"PM{movement.pk:06d}",
            piece_date=day,
            label=label[:200],
            order=(movement.created_at, movement.pk),
        )
        amount = abs(movement.amount)
        wallet = accounts.customer(member, wallet=True)
        if top_up:
            entry.add(accounts.money(method), debit=amount)
            entry.add(wallet, credit=amount)
        else:
            entry.add(wallet, debit=amount)
            entry.add(accounts.money(method), credit=amount)
        entries.append(entry)
    return entries


def fec_entries(*, lab, start: dt.date, end: dt.date) -> list[Entry]:
    """Every entry from `start` to `end` (included), in date order, numbered per journal."""
    accounts = Accounts(accounting_settings_get(lab=lab))
    with translation.override(django_settings.LANGUAGE_CODE):
        entries = [
            *_sales_entries(lab=lab, accounts=accounts, start=start, end=end),
            *_payment_entries(lab=lab, accounts=accounts, start=start, end=end),
            *_wallet_entries(lab=lab, accounts=accounts, start=start, end=end),
        ]
    entries.sort(key=lambda entry: (entry.day, entry.journal[0], entry.order))
    counters: dict[str, int] = defaultdict(int)
    for entry in entries:
        counters[entry.journal[0]] += 1
        entry.number = f"{entry.journal[0]}{counters[entry.journal[0]]:06d}"
    return entries


def _clean(text: str) -> str:
    """No tab, line break or separator inside a field."""
    return re.sub(r"[\t\r\n|]+", " ", str(text)).strip()


def fec_amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def fec_date(day: dt.date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def fec_rows(entries: list[Entry]) -> list[list[str]]:
    rows = []
    for entry in entries:
        for account, debit, credit in entry.lines:
            rows.append([
                entry.journal[0], entry.journal[1], entry.number, fec_date(entry.day),
                account.number, account.label, account.aux_number, account.aux_label,
                entry.piece_ref, fec_date(entry.piece_date), entry.label,
                fec_amount(debit), fec_amount(credit), "", "", fec_date(entry.day), "", "",
            ])  # fmt: skip
    return [[_clean(value) for value in row] for row in rows]


def fec_text(entries: list[Entry]) -> str:
    lines = [SEPARATOR.join(COLUMNS)]
    lines += [SEPARATOR.join(row) for row in fec_rows(entries)]
    return LINE_END.join(lines) + LINE_END


def siren_of(lab) -> str:
    """The first 9 digits of the lab's SIRET (its SIREN); nine zeros when it has none."""
    digits = re.sub(r"\D", "", lab.siret or "")
    return digits[:9] if len(digits) >= 9 else "000000000"


def fec_file_name(*, lab, end: dt.date) -> str:
    return f"{siren_of(lab)}FEC{fec_date(end)}.txt"


def fec_export(*, lab, start: dt.date, end: dt.date) -> tuple[str, bytes]:
    """(file name, UTF-8 content) of the FEC from `start` to `end` (the fiscal year)."""
    text = fec_text(fec_entries(lab=lab, start=start, end=end))
    return fec_file_name(lab=lab, end=end), text.encode("utf-8")
