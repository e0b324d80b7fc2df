"""The fingerprint of an invoice or credit note: SHA-256 over the previous fingerprint of
the lab's chain and a canonical JSON of everything the document says (number, kind, dates,
buyer, seller, lines, amounts, mentions, the credited invoice's number). Recomputing it
from the stored rows (verify.py) reveals any change made behind the application's back
(ADR 0013). Values are written in a fixed form (amounts to their stored decimals, times in
UTC to the microsecond) so that they read back identically from any database."""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

CENT = Decimal("0.01")
FOUR = Decimal("0.0001")


def _money(value) -> str:
    return str(Decimal(value).quantize(CENT))


def _four(value) -> str:
    return str(Decimal(value).quantize(FOUR))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def line_content(line) -> dict:
    return {
        "position": line.position,
        "item_type": line.item_type,
        "description": line.description,
        "quantity": _four(line.quantity),
        "unit": line.unit,
        "unit_price": _four(line.unit_price),
        "vat_rate": _money(line.vat_rate),
        "amount_excl_tax": _money(line.amount_excl_tax),
        "vat_amount": _money(line.vat_amount),
        "amount_incl_tax": _money(line.amount_incl_tax),
        "credited_line": line.credited_line_id,
    }


def invoice_content(invoice, lines) -> dict:
    """What the document says, as plain JSON values (also what archives store)."""
    credited = invoice.credited_invoice
    return {
        "lab": invoice.lab_id,
        "kind": invoice.kind,
        "number": invoice.number,
        "chain_index": invoice.chain_index,
        "credited_invoice": credited.number if credited is not None else "",
        "refund_method": invoice.refund_method,
        "reason": invoice.reason,
        "issued_at": _moment(invoice.issued_at),
        "issue_date": _day(invoice.issue_date),
        "service_date_from": _day(invoice.service_date_from),
        "service_date_until": _day(invoice.service_date_until),
        "due_date": _day(invoice.due_date),
        "buyer": {
            "name": invoice.buyer_name,
            "address": invoice.buyer_address,
            "email": invoice.buyer_email,
            "company_id": invoice.buyer_company_id,
        },
        "seller": invoice.seller,
        "currency": invoice.currency,
        "total_excl_tax": _money(invoice.total_excl_tax),
        "total_vat": _money(invoice.total_vat),
        "total_incl_tax": _money(invoice.total_incl_tax),
        "vat_breakdown": invoice.vat_breakdown,
        "vat_exempt": invoice.vat_exempt,
        "vat_exemption_mention": invoice.vat_exemption_mention,
        "payment_terms": invoice.payment_terms,
        "late_payment_mention": invoice.late_payment_mention,
        "lines": [line_content(line) for line in sorted(lines, key=lambda x: x.position)],
    }


def canonical_json(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint_of(content: dict, previous: str) -> str:
    payload = f"{previous}\n{canonical_json(content)}".encode()
    return hashlib.sha256(payload).hexdigest()
