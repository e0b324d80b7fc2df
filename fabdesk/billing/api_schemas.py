"""API schemas of billing's read endpoints and of a payment recorded by staff: invoices and
credit notes (amounts as decimal strings, credit notes' positive: `kind` says the
direction), charges, the wallet."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

InvoiceKindName = Literal["invoice", "credit_note"]
InvoiceStatusName = Literal["unpaid", "partially_paid", "paid"]
ChargeStatusName = Literal["pending", "in_cart", "invoiced", "covered", "cancelled"]
DeskMethodName = Literal["cash", "card", "cheque", "transfer", "wallet"]
AMOUNT = 'Decimal as a string, e.g. "12.50".'


class BillingPersonRef(Schema):
    id: int
    name: str


class InvoiceRef(Schema):
    id: int
    number: str


class VatRateOut(Schema):
    rate: str
    base: str = Field(..., description="Amount excluding VAT at this rate.")
    vat: str


class InvoiceLineOut(Schema):
    position: int
    item_type: str
    description: str
    quantity: str
    unit: str
    unit_price: str = Field(..., description="Excluding VAT, up to 4 decimals.")
    vat_rate: str
    amount_excl_tax: str
    vat_amount: str
    amount_incl_tax: str
    credited_line: int | None = Field(None, description="On a credit note: the line it credits.")


class InvoicePaymentOut(Schema):
    id: int
    method: str
    amount: str
    received_at: datetime.datetime
    reference: str


class InvoiceOut(Schema):
    id: int
    number: str
    kind: InvoiceKindName
    status: InvoiceStatusName
    issue_date: datetime.date
    due_date: datetime.date
    buyer: BillingPersonRef | None = Field(None, description="The member billed; null: a walk-in.")
    buyer_name: str
    currency: str
    total_excl_tax: str = Field(..., description=AMOUNT)
    total_vat: str
    total_incl_tax: str
    credited_invoice: InvoiceRef | None = Field(None, description="A credit note's invoice.")
    pdf_url: str


class InvoiceDetailOut(InvoiceOut):
    issued_at: datetime.datetime
    service_date_from: datetime.date | None
    service_date_until: datetime.date | None
    buyer_address: str
    buyer_email: str
    buyer_company_id: str
    seller: dict = Field(..., description="The lab's name, address and legal ids when issued.")
    vat_breakdown: list[VatRateOut]
    vat_exempt: bool
    vat_exemption_mention: str
    payment_terms: str
    late_payment_mention: str
    reason: str
    refund_method: str
    lines: list[InvoiceLineOut]
    payments: list[InvoicePaymentOut] = Field(..., description="A credit note's: money paid back.")
    credit_notes: list[InvoiceRef]
    paid: str = Field(..., description="Received, less what credit notes paid back.")
    due: str = Field(..., description="What remains to pay (0 for a credit note).")
    fingerprint: str = Field(..., description="SHA-256 of its content and the previous one.")


class InvoicePage(Schema):
    count: int
    items: list[InvoiceOut]


class InvoiceFilters(Schema):
    number: str = Field("", description="Part of the number.")
    member: int | None = Field(None, description="Staff: one member's.")
    date_from: datetime.date | None = Field(None, description="Issued on or after.")
    date_until: datetime.date | None = Field(None, description="Issued on or before.")
    status: InvoiceStatusName | None = None
    kind: InvoiceKindName | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class ChargeLineOut(Schema):
    kind: str = Field(..., description="paid, plan (included hours), pack, minimum.")
    description: str
    quantity: str
    unit: str
    unit_price: str
    vat_rate: str
    amount_incl_tax: str


class ChargeOut(Schema):
    id: int
    description: str
    item_type: str
    quantity: str
    unit: str
    performed_on: datetime.date
    status: ChargeStatusName
    member: BillingPersonRef | None
    customer_name: str
    total_excl_tax: str
    total_vat: str
    total_incl_tax: str
    invoice: InvoiceRef | None
    lines: list[ChargeLineOut]


class ChargePage(Schema):
    count: int
    items: list[ChargeOut]


class ChargeFilters(Schema):
    status: ChargeStatusName | None = None
    member: int | None = Field(None, description="Staff: one member's.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class WalletMovementOut(Schema):
    id: int
    kind: Literal["top_up", "spend", "refund", "withdrawal"]
    amount: str = Field(..., description="Signed: positive in, negative out.")
    balance_after: str
    method: str
    reason: str
    invoice: InvoiceRef | None
    created_at: datetime.datetime


class WalletOut(Schema):
    member: BillingPersonRef
    currency: str
    balance: str
    movements: list[WalletMovementOut]


class WalletFilters(Schema):
    member: int | None = Field(None, description="Staff: this member's wallet.")
    limit: int = Field(100, ge=1, le=500, description="Movements, latest first.")


class InvoicePaymentIn(Schema):
    method: DeskMethodName
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    reference: str = Field("", max_length=120)
    received_at: datetime.datetime | None = Field(None, description="Now when left out.")
