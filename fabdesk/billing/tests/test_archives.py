"""The archive a closing writes: what it holds, its chain, and that `verify-invoices` notices
an archive altered or deleted, a broken chain, and an invoice changed after closing."""

import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from fabdesk.billing.archives import verify_archives
from fabdesk.billing.choices import PeriodKind
from fabdesk.billing.closing_services import period_close
from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.fingerprint import invoice_content
from fabdesk.billing.models import ClosedPeriod, Invoice, InvoiceLine

from .issued import invoice_on, noon


@pytest.fixture
def closed(legal_lab, member, staff, sell):
    """February and March 2026 closed; March holds an invoice and its credit note."""
    invoice_on(dt.date(2026, 2, 9), staff=staff, lab=legal_lab, charges=[sell(member, price="8")])
    invoice = invoice_on(
        dt.date(2026, 3, 10),
        staff=staff,
        lab=legal_lab,
        charges=[sell(member, "Laser", "30"), sell(member, "Bois", "4.50", quantity=2)],
    )
    credit_note_issue(
        actor=staff, invoice=invoice, amount=Decimal("10"), at=noon(dt.date(2026, 3, 11))
    )
    for month in (2, 3):
        period_close(
            actor=staff, lab=legal_lab, kind=PeriodKind.MONTH, start=dt.date(2026, month, 1)
        )
    return ClosedPeriod.objects.order_by("pk")


def files_of(period) -> dict[str, bytes]:
    with period.archive.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def verify(lab):
    return verify_archives(lab=lab)


def test_the_archive_holds_each_invoice_as_json_and_pdf_with_a_manifest(closed):
    february, march = closed
    files = files_of(march)
    invoices = list(Invoice.objects.filter(issue_date__month=3).order_by("chain_index"))
    names = sorted(files)
    assert names == [
        "invoices/000002-2026-000002.json",
        "invoices/000003-AV2026-000001.json",
        "manifest.json",
        "pdf/000002-2026-000002.pdf",
        "pdf/000003-AV2026-000001.pdf",
        "period.json",
    ]
    document = json.loads(files["invoices/000002-2026-000002.json"])
    assert document["content"] == invoice_content(invoices[0], invoices[0].lines.all())
    assert document["fingerprint"] == invoices[0].fingerprint
    assert files["pdf/000003-AV2026-000001.pdf"].startswith(b"%PDF")
    manifest = json.loads(files["manifest.json"])
    assert manifest["previous_checksum"] == february.archive_checksum
    for name, data in files.items():
        if name != "manifest.json":
            assert manifest["files"][name] == hashlib.sha256(data).hexdigest()
    period = json.loads(files["period.json"])
    assert (period["start"], period["end"], period["invoice_count"]) == (
        "2026-03-01",
        "2026-03-31",
        2,
    )


def test_the_archives_are_chained_and_verified(closed):
    february, march = closed
    assert february.previous_checksum == ""
    assert march.previous_checksum == february.archive_checksum
    with march.archive.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == march.archive_checksum
    assert verify(march.lab).count == 2 and verify(march.lab).problem is None


def test_verify_invoices_counts_the_archives(closed):
    out = io.StringIO()
    call_command("verify-invoices", stdout=out)
    assert "3 invoices verified" in out.getvalue() and "2 archives verified" in out.getvalue()


def _replace(period, data: bytes) -> None:
    storage = period.archive.storage
    name = period.archive.name
    storage.delete(name)
    assert storage.save(name, ContentFile(data)) == name


def test_a_byte_changed_in_an_archive_is_caught(closed):
    march = closed.last()
    with march.archive.open("rb") as stored:
        data = bytearray(stored.read())
    data[len(data) // 2] ^= 0x01
    _replace(march, bytes(data))
    result = verify(march.lab)
    assert result.count == 1
    assert result.problem == f"The archive of {march} was altered."
    with pytest.raises(CommandError, match="altered"):
        call_command("verify-invoices", stdout=io.StringIO())


def test_an_archive_rewritten_with_its_checksum_breaks_the_chain(closed):
    """February's archive rewritten consistently (manifest and stored checksum updated): it
    verifies alone, but March's archive still names the checksum February had."""
    february, march = closed
    files = files_of(february)
    files["period.json"] = files["period.json"].replace(b'"invoice_count":1', b'"invoice_count":0')
    manifest = json.loads(files.pop("manifest.json"))
    manifest["files"]["period.json"] = hashlib.sha256(files["period.json"]).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in {**files, "manifest.json": json.dumps(manifest).encode()}.items():
            zf.writestr(name, data)
    _replace(february, buffer.getvalue())
    checksum = hashlib.sha256(buffer.getvalue()).hexdigest()
    ClosedPeriod.objects.filter(pk=february.pk).update(archive_checksum=checksum)
    result = verify(march.lab)
    assert result.count == 1
    assert result.problem == f"The archive of {march} is not chained to the previous archive."


def test_a_deleted_archive_is_caught(closed):
    march = closed.last()
    march.archive.storage.delete(march.archive.name)
    assert verify(march.lab).problem == f"The archive of {march} is missing ({march.archive.name})."


def test_an_invoice_changed_after_closing_is_named(closed):
    line = InvoiceLine.objects.get(invoice__number="2026-000002", position=2)
    InvoiceLine.objects.filter(pk=line.pk).update(description="Bois massif")
    result = verify(line.invoice.lab)
    assert result.problem == (
        f"Invoice 2026-000002 no longer matches the archive of {closed.last()}."
    )
    with pytest.raises(CommandError, match="2026-000002"):
        call_command("verify-invoices", stdout=io.StringIO())


def test_an_invoice_slipped_into_a_closed_period_is_caught(closed, legal_lab, member, staff, sell):
    invoice = invoice_on(dt.date(2026, 4, 2), staff=staff, lab=legal_lab, charges=[sell(member)])
    Invoice.objects.filter(pk=invoice.pk).update(issue_date=dt.date(2026, 3, 31))
    assert verify(legal_lab).problem == (
        f"Invoice 2026-000003 is not in the archive of {closed.last()}."
    )
