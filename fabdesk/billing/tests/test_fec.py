"""The FEC parsed back: the 18 columns in order, dates and amounts in the legal form, every
entry balanced, totals equal to the invoices'; the command, the download and the CSV sales
journal."""

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from fabdesk.billing.charge_services import charge_create
from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.fec import COLUMNS, fec_export
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Invoice
from fabdesk.billing.payment_services import PaymentIn
from fabdesk.billing.wallet_services import wallet_top_up, wallet_withdraw

from .factories import ItemPriceFactory
from .issued import invoice_on, noon

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def year_of_sales(legal_lab, member, other_member, staff, sell):
    """Three invoices (cash; card and wallet; unpaid), one at 5.5 % VAT, a credit note
    refunded to the wallet, a top-up by transfer and money paid back in cash."""
    member.first_name, member.last_name = "Jeanne", "Martin"
    member.save()
    first = invoice_on(
        dt.date(2026, 3, 10),
        staff=staff,
        lab=legal_lab,
        charges=[
            sell(member, "Laser 2 h", "30", item_type="machine_time"),
            sell(member, "Contreplaqué", "4.50", quantity=2),
        ],
    )
    wallet_top_up(actor=staff, member=member, amount=Decimal("50"), method="transfer")
    book = ItemPriceFactory(item__lab=legal_lab, item__vat_rate=Decimal("5.50"),
                            unit_price=Decimal("21.10"), item__name="Livre")  # fmt: skip
    training = sell(member, "Formation laser", "60", item_type="training")
    book_charge = charge_create(actor=staff, lab=legal_lab, member=member, item_type="material",
                                target=book.item, quantity=Decimal(1))  # fmt: skip
    invoice_issue(
        actor=staff,
        lab=legal_lab,
        charges=[training, book_charge],
        payments=[PaymentIn("card", Decimal("41.10"), received_at=noon(dt.date(2026, 4, 2))),
                  PaymentIn("wallet", Decimal("40"), received_at=noon(dt.date(2026, 4, 2)))],
        at=noon(dt.date(2026, 4, 2)),
    )  # fmt: skip
    credit_note_issue(actor=staff, invoice=first, amount=Decimal("12"), refund_method="wallet",
                      at=noon(dt.date(2026, 4, 20)))  # fmt: skip
    invoice_on(dt.date(2026, 5, 5), staff=staff, lab=legal_lab,
               charges=[sell(other_member, "Impression", "7.20", item_type="print")],
               method=None)  # fmt: skip
    wallet_withdraw(actor=staff, member=member, amount=Decimal("5"), method="cash")
    return legal_lab


def parse(content: bytes) -> tuple[list[str], list[dict]]:
    text = content.decode("utf-8")
    assert text.endswith("\r\n") and "\ufeff" not in text
    lines = text[:-2].split("\r\n")
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return header, rows


def amount(text: str) -> Decimal:
    assert "." not in text and " " not in text, text
    return Decimal(text.replace(",", "."))


def test_the_fec_has_the_legal_columns_and_forms(year_of_sales):
    name, content = fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])
    assert name == "123456789FEC20261231.txt"
    header, rows = parse(content)
    assert header == list(COLUMNS) == [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
        "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
    ]  # fmt: skip
    for row in rows:
        for column in ("EcritureDate", "PieceDate", "ValidDate"):
            assert re.fullmatch(r"20\d{6}", row[column])
        assert row["Debit"].count(",") == 1 and row["Credit"].count(",") == 1
        assert (amount(row["Debit"]) > 0) != (amount(row["Credit"]) > 0)
        assert row["CompteNum"] and row["JournalLib"] and row["EcritureLib"]
        assert (row["EcritureLet"], row["DateLet"], row["Montantdevise"], row["Idevise"]) == (
            "",
            "",
            "",
            "",
        )
    days = [(row["EcritureDate"]) for row in rows]
    assert days == sorted(days)


def test_every_entry_is_balanced_and_numbered_per_journal(year_of_sales):
    _name, content = fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])
    _header, rows = parse(content)
    entries = defaultdict(list)
    for row in rows:
        entries[row["EcritureNum"]].append(row)
    for number, lines in entries.items():
        assert sum(amount(r["Debit"]) for r in lines) == sum(amount(r["Credit"]) for r in lines)
        assert {r["JournalCode"] for r in lines} == {number[:2]}
        assert len({(r["EcritureDate"], r["PieceRef"]) for r in lines}) == 1
    assert sorted(n for n in entries if n.startswith("VE")) == [
        "VE000001", "VE000002", "VE000003", "VE000004"
    ]  # fmt: skip


def test_the_first_invoice_column_by_column(year_of_sales, member):
    _name, content = fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])
    _header, rows = parse(content)
    entry = [list(row.values()) for row in rows if row["EcritureNum"] == "VE000001"]
    label = "Invoice 2026-000001, Jeanne Martin"
    aux = f"M{member.pk:06d}"
    common = ["VE", "Journal des ventes", "VE000001", "20260310"]
    tail = ["2026-000001", "20260310", label]
    end = ["", "", "20260310", "", ""]
    assert entry == [
        [*common, "411000", "Customers", aux, "Jeanne Martin", *tail, "39,00", "0,00", *end],
        [*common, "706100", "Sales: Machine time", "", "", *tail, "0,00", "25,00", *end],
        [*common, "707000", "Sales: Material", "", "", *tail, "0,00", "7,50", *end],
        [*common, "445710", "VAT collected 20.00 %", "", "", *tail, "0,00", "6,50", *end],
    ]


def test_credit_notes_payments_and_the_wallet(year_of_sales, member):
    _name, content = fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])
    _header, rows = parse(content)

    def lines(piece, journal):
        return {(r["CompteNum"], r["Debit"], r["Credit"]) for r in rows
                if r["PieceRef"] == piece and r["JournalCode"] == journal}  # fmt: skip

    assert lines("AV2026-000001", "VE") == {
        ("411000", "0,00", "12,00"), ("706100", "7,70", "0,00"), ("707000", "2,30", "0,00"),
        ("445710", "2,00", "0,00"),
    }  # fmt: skip
    assert lines("AV2026-000001", "OD") == {
        ("411000", "12,00", "0,00"),
        ("419000", "0,00", "12,00"),
    }
    assert lines("2026-000001", "CA") == {("530000", "39,00", "0,00"), ("411000", "0,00", "39,00")}
    assert lines("2026-000002", "BQ") == {("511200", "41,10", "0,00"), ("411000", "0,00", "41,10")}
    assert lines("2026-000002", "OD") == {("419000", "40,00", "0,00"), ("411000", "0,00", "40,00")}
    vat = {(r["CompteNum"], r["CompteLib"], r["Credit"]) for r in rows
           if r["PieceRef"] == "2026-000002" and r["CompteNum"].startswith("4457")}  # fmt: skip
    assert vat == {("445710", "VAT collected 20.00 %", "10,00"),
                   ("445710", "VAT collected 5.50 %", "1,10")}  # fmt: skip
    wallet = [r for r in rows if r["PieceRef"].startswith("PM")]
    assert {(r["JournalCode"], r["CompteNum"], r["Debit"], r["Credit"]) for r in wallet} == {
        ("BQ", "512000", "50,00", "0,00"), ("BQ", "419000", "0,00", "50,00"),
        ("CA", "419000", "5,00", "0,00"), ("CA", "530000", "0,00", "5,00"),
    }  # fmt: skip
    assert {r["CompAuxNum"] for r in wallet if r["CompteNum"] == "419000"} == {f"M{member.pk:06d}"}


def test_the_sales_totals_equal_the_invoices(year_of_sales):
    _name, content = fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])
    _header, rows = parse(content)
    sales = [r for r in rows if r["JournalCode"] == "VE"]
    invoices = Invoice.objects.filter(kind="invoice")
    credit_notes = Invoice.objects.filter(kind="credit_note")
    customers = [r for r in sales if r["CompteNum"] == "411000"]
    assert sum(amount(r["Debit"]) for r in customers) == sum(i.total_incl_tax for i in invoices)
    assert sum(amount(r["Credit"]) for r in customers) == sum(
        c.total_incl_tax for c in credit_notes
    )
    revenue = [r for r in sales if r["CompteNum"].startswith("7")]
    net_excl = sum(i.total_excl_tax for i in invoices) - sum(c.total_excl_tax for c in credit_notes)
    assert sum(amount(r["Credit"]) - amount(r["Debit"]) for r in revenue) == net_excl
    vat = [r for r in sales if r["CompteNum"].startswith("4457")]
    net_vat = sum(i.total_vat for i in invoices) - sum(c.total_vat for c in credit_notes)
    assert sum(amount(r["Credit"]) - amount(r["Debit"]) for r in vat) == net_vat


def test_other_years_are_left_out(year_of_sales):
    _name, content = fec_export(
        lab=year_of_sales, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert parse(content)[1] == []


def test_the_command_writes_the_file(year_of_sales, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    call_command("export-fec", "--year", "2026", stderr=err)
    written = (tmp_path / "123456789FEC20261231.txt").read_bytes()
    assert written == fec_export(lab=year_of_sales, start=YEAR[0], end=YEAR[1])[1]
    assert "written to 123456789FEC20261231.txt" in err.getvalue()
    out = io.StringIO()
    call_command("export-fec", "--year", "2026", "--lab", "test-lab", "--output", "-", stdout=out)
    assert out.getvalue().startswith("JournalCode\tJournalLib\t")


def test_the_staff_download_it(staff_client, year_of_sales):
    page = staff_client.get("/billing/exports/")
    assert page.status_code == 200 and "FEC" in page.content.decode()
    response = staff_client.get("/billing/exports/fec/", {"year": 2026})
    assert response["Content-Disposition"] == 'attachment; filename="123456789FEC20261231.txt"'
    assert response.content.startswith(b"JournalCode\t")
    assert staff_client.get("/billing/exports/fec/", {"year": "soon"}).status_code == 422


def test_members_cannot_export(member_client):
    assert member_client.get("/billing/exports/fec/", {"year": 2026}).status_code == 403
    assert member_client.get("/billing/exports/").status_code == 403


def test_the_sales_journal_has_a_row_per_line(staff_client, year_of_sales):
    response = staff_client.get(
        "/billing/exports/sales-journal/", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Date", "Number", "Kind", "Customer", "Item type", "Description",
                       "Excl. VAT", "VAT rate", "VAT", "Incl. VAT"]  # fmt: skip
    assert rows[1] == ["2026-03-10", "2026-000001", "Invoice", "Jeanne Martin", "Machine time",
                       "Laser 2 h", "25.00", "20.00", "5.00", "30.00"]  # fmt: skip
    credit = [row for row in rows[1:] if row[1] == "AV2026-000001"]
    assert [row[9] for row in credit] == ["-9.24", "-2.76"]
    net = sum(Decimal(row[9]) for row in rows[1:])
    assert net == Decimal("39") + Decimal("81.10") + Decimal("7.20") - Decimal("12")
    refused = staff_client.get(
        "/billing/exports/sales-journal/", {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert refused.status_code == 422
