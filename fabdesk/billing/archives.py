"""The archive of a closed period: a ZIP of the period's invoices and credit notes, each as
the canonical JSON its fingerprint was computed over (fingerprint.invoice_content) with its
fingerprints, and as PDF, plus `period.json` (the period and its totals) and
`manifest.json` (the SHA-256 of every other file and the checksum of the lab's previous
archive). The archive's checksum is the SHA-256 of the whole ZIP: since the ZIP holds the
previous checksum, the lab's archives form a chain, and changing, removing or reordering any
of them breaks it (ADR 0014).

`verify_archives` (run by `fabdesk verify-invoices`) recomputes every archive's checksum and
the chain, checks the manifest against the files, and that each archived invoice still says
what the database says (and that the database holds no invoice of a closed period that the
archive lacks)."""

import hashlib
import io
import json
import re
import zipfile

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .fingerprint import canonical_json, invoice_content
from .invoice_models import Invoice, InvoiceLine
from .invoice_pdf import invoice_pdf_get
from .period_models import ClosedPeriod
from .verify import CheckResult, register_check

FORMAT = "fabdesk-closing-archive"
VERSION = 1
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same content gives the same bytes
MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "document"


def document_name(invoice: Invoice) -> str:
    return f"{invoice.chain_index:06d}-{_safe(invoice.number)}"


def period_invoices(period: ClosedPeriod) -> list[Invoice]:
    lines = InvoiceLine.objects.select_related("credited_line").order_by("position")
    return list(
        Invoice.objects.filter(lab=period.lab_id, issue_date__range=(period.start, period.end))
        .select_related("credited_invoice")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("chain_index")
    )


def invoice_document(invoice: Invoice) -> dict:
    """What the archive keeps of an invoice: its content and its fingerprints."""
    return {
        "content": invoice_content(invoice, invoice.lines.all()),
        "fingerprint": invoice.fingerprint,
        "previous_fingerprint": invoice.previous_fingerprint,
    }


def _period_summary(period: ClosedPeriod) -> dict:
    return {
        "lab": period.lab_id,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "closed_at": period.closed_at.isoformat(),
        "invoice_count": period.invoice_count,
        "totals": period.totals,
    }


def archive_build(*, period: ClosedPeriod, previous_checksum: str) -> bytes:
    """The ZIP of a closed period, its files in a fixed order with fixed dates."""
    files: dict[str, bytes] = {}
    for invoice in period_invoices(period):
        name = document_name(invoice)
        files[f"invoices/{name}.json"] = canonical_json(invoice_document(invoice)).encode()
        files[f"pdf/{name}.pdf"] = invoice_pdf_get(invoice)  # rendered now if missing
    files["period.json"] = canonical_json(_period_summary(period)).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "period": f"{period.kind}:{period.start.isoformat()}",
        "previous_checksum": previous_checksum,
        "files": {path: sha256(data) for path, data in sorted(files.items())},
    }
    files[MANIFEST] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _previous(period: ClosedPeriod) -> ClosedPeriod | None:
    return ClosedPeriod.objects.filter(lab=period.lab_id, pk__lt=period.pk).order_by("-pk").first()


def archive_file_name(period: ClosedPeriod) -> str:
    return f"{_safe(period.lab.slug)}-{period.kind}-{period.start:%Y-%m-%d}.zip"


def archive_write(*, period: ClosedPeriod) -> ClosedPeriod:
    """Build and store the archive of a period just closed (call it in the closing
    transaction), chained to the lab's previous archive."""
    previous = _previous(period)
    previous_checksum = previous.archive_checksum if previous is not None else ""
    data = archive_build(period=period, previous_checksum=previous_checksum)
    period.archive.save(archive_file_name(period), ContentFile(data), save=False)
    period.archive_checksum = sha256(data)
    period.previous_checksum = previous_checksum
    period.save(update_fields=["archive", "archive_checksum", "previous_checksum"])
    return period


class ArchiveProblem(Exception):
    pass


def _read(period: ClosedPeriod) -> bytes:
    if not period.archive:
        raise ArchiveProblem(_("The archive of %(period)s is missing.") % {"period": period})
    try:
        with period.archive.open("rb") as stored:
            return stored.read()
    except OSError:
        raise ArchiveProblem(
            _("The archive of %(period)s is missing (%(name)s).")
            % {"period": period, "name": period.archive.name}
        ) from None


def _files(period: ClosedPeriod, data: bytes) -> dict[str, bytes]:
    altered = ArchiveProblem(_("The archive of %(period)s was altered.") % {"period": period})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        manifest = json.loads(files.pop(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise altered from None
    listed = manifest.get("files", {})
    if set(listed) != set(files) or any(sha256(files[p]) != h for p, h in listed.items()):
        raise altered
    if manifest.get("previous_checksum") != period.previous_checksum:
        raise ArchiveProblem(
            _("The archive of %(period)s is not chained to the previous archive.")
            % {"period": period}
        )
    return files


def _compare_invoices(period: ClosedPeriod, files: dict[str, bytes]) -> None:
    archived = {
        path: json.loads(data)
        for path, data in files.items()
        if path.startswith("invoices/") and path.endswith(".json")
    }
    for invoice in period_invoices(period):
        path = f"invoices/{document_name(invoice)}.json"
        document = archived.pop(path, None)
        if document is None:
            raise ArchiveProblem(
                _("Invoice %(number)s is not in the archive of %(period)s.")
                % {"number": invoice.number, "period": period}
            )
        if document != json.loads(canonical_json(invoice_document(invoice))):
            raise ArchiveProblem(
                _("Invoice %(number)s no longer matches the archive of %(period)s.")
                % {"number": invoice.number, "period": period}
            )
    for document in archived.values():
        raise ArchiveProblem(
            _("Invoice %(number)s of the archive of %(period)s is missing from the database.")
            % {"number": document.get("content", {}).get("number", "?"), "period": period}
        )


def archive_check(period: ClosedPeriod, *, previous_checksum: str) -> None:
    """Raise ArchiveProblem when the period's archive, its chain or its invoices do not hold."""
    if period.previous_checksum != previous_checksum:
        raise ArchiveProblem(
            _("The archive of %(period)s is not chained to the previous archive.")
            % {"period": period}
        )
    data = _read(period)
    if sha256(data) != period.archive_checksum:
        raise ArchiveProblem(_("The archive of %(period)s was altered.") % {"period": period})
    _compare_invoices(period, _files(period, data))


def verify_archives(*, lab) -> CheckResult:
    """Every closed period's archive of the lab, in the order they were closed."""
    previous_checksum = ""
    count = 0
    for period in ClosedPeriod.objects.filter(lab=lab).order_by("pk"):
        try:
            archive_check(period, previous_checksum=previous_checksum)
        except ArchiveProblem as problem:
            return CheckResult(count=count, problem=str(problem))
        previous_checksum = period.archive_checksum
        count += 1
    return CheckResult(count=count, problem=None)


register_check("archives", verify_archives)
