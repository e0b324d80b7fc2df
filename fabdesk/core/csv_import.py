"""The generic part of a CSV import, shared by every app that imports a spreadsheet (members,
certifications): turning the uploaded bytes into text, finding the delimiter, reading the
rows within the size and row limits, comparing headers, reading dates.

Each app checks its own columns and rows; file-level problems raise Invalid with a message a
person can act on."""

import csv
import hashlib
import io
import unicodedata
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import DomainError, Invalid

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
DELIMITERS = (";", ",", "\t")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def content_digest(content: str) -> str:
    """What the confirmation of an import names, so that what is imported is what was checked."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def decode_upload(data: bytes) -> tuple[str, str]:
    """The uploaded bytes as text, with the encoding found (UTF-8, with or without BOM, or
    Windows-1252 as spreadsheets on Windows save it)."""
    if len(data) > MAX_BYTES:
        raise Invalid(
            _("The file is larger than 2 MB. Split it into smaller files."), code="too_big"
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise Invalid(_("The file is empty."), code="empty")
    if b"\x00" in data:
        raise Invalid(_("This is not a CSV file. Save the spreadsheet as CSV."), code="not_csv")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                raise Invalid(
                    _("The file's characters cannot be read. Save it as CSV UTF-8."),
                    code="bad_encoding",
                ) from None
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        raise Invalid(_("This is not a CSV file. Save the spreadsheet as CSV."), code="not_csv")
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter the header row uses most (";" as French spreadsheets write, "," or tab)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def _too_many_rows() -> Invalid:
    return Invalid(
        _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS},
        code="too_many_rows",
    )


def read_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank row, the header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows()
    except csv.Error as exc:
        raise Invalid(
            _("Line %(line)d cannot be read (is a quote left open?).") % {"line": reader.line_num},
            code="bad_csv",
        ) from exc
    return rows


def read_table(text: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """The delimiter, the header's cells and the data rows (possibly none) of a CSV text."""
    delimiter = sniff_delimiter(text)
    rows = read_rows(text, delimiter)
    if not rows:
        raise Invalid(_("The file is empty."), code="empty")
    if len(rows) - 1 > MAX_ROWS:
        raise _too_many_rows()
    return delimiter, rows[0][1], rows[1:]


def width_error(cells: list[str], width: int) -> str | None:
    """Why a row with a number of cells other than the header's cannot be read (None: fine)."""
    if len(cells) == width:
        return None
    return ngettext(
        "This row has %(count)d value; the header has %(width)d columns.",
        "This row has %(count)d values; the header has %(width)d columns.",
        len(cells),
    ) % {"count": len(cells), "width": width}


def normalise_header(text: str) -> str:
    """'Prénom ', 'first_name' and 'First name' all become comparable: no accents, no case."""
    text = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def parse_date(value: str) -> date:
    """A date written YYYY-MM-DD or DD/MM/YYYY; ValueError otherwise."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def refuse_rejected(rejected: int) -> None:
    """An import is all or nothing: refuse it while any row is rejected."""
    if rejected:
        raise Invalid(
            ngettext(
                "%(count)d row is rejected: correct the file and upload it again. "
                "Nothing was imported.",
                "%(count)d rows are rejected: correct the file and upload them again. "
                "Nothing was imported.",
                rejected,
            )
            % {"count": rejected},
            code="rows_rejected",
        )


def row_failed(line: int, exc: DomainError) -> Invalid:
    """A row refused while writing (the data changed since the check): the whole import is
    rolled back, and this says which line."""
    return Invalid(
        _("Line %(line)d: %(error)s Nothing was imported.") % {"line": line, "error": exc.message},
        code=exc.code,
    )
