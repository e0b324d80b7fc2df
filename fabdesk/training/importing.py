"""Importing certifications from a CSV (a lab moving in from a spreadsheet).

Columns: email, training (its code or title), granted_on (a date), optionally expires_on
(else computed from the training's validity) and reason. `certification_import_check()` says
row by row what the import would do (grant, already held, or rejected with its reasons) and
only reads; `certification_import()` checks again and writes every row or none.

The file itself is read by core/csv_import.py, as the members import does."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fabdesk.core.csv_import import (
    normalise_header,
    parse_date,
    read_table,
    refuse_rejected,
    row_failed,
    width_error,
)
from fabdesk.core.errors import DomainError, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.members.models import User

from .certification_check import certification_state
from .certification_services import certification_grant
from .models import Certification, Training
from .services import check_staff_of_lab

COLUMNS = [
    ("email", gettext_lazy("Email")),
    ("training", gettext_lazy("Training")),
    ("granted_on", gettext_lazy("Granted on")),
    ("expires_on", gettext_lazy("Expires on")),
    ("reason", gettext_lazy("Reason")),
]
ALIASES = {
    "e-mail": "email", "mail": "email", "courriel": "email", "code": "training",
    "formation": "training", "date": "granted_on", "obtenue le": "granted_on",
    "expire le": "expires_on", "motif": "reason", "raison": "reason",
}  # fmt: skip
REQUIRED = ("email", "training", "granted_on")
REASON_MAX = Certification._meta.get_field("reason").max_length


@dataclass
class CertificationRow:
    line: int
    email: str = ""
    training_label: str = ""
    action: str = "rejected"  # grant | held | rejected
    errors: list[str] = field(default_factory=list)
    note: str = ""
    member: User | None = None
    training: Training | None = None
    granted_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    reason: str = ""


@dataclass
class CertificationImportReport:
    rows: list[CertificationRow]
    ignored_columns: list[str]
    delimiter: str

    @property
    def totals(self) -> dict[str, int]:
        actions = ("grant", "held", "rejected")
        return {action: sum(1 for r in self.rows if r.action == action) for action in actions}

    @property
    def rejected(self) -> list[CertificationRow]:
        return [row for row in self.rows if row.action == "rejected"]


def header_keys() -> dict[str, str]:
    """Every accepted spelling of a column header (English, French, the key) → its key."""
    keys = {normalise_header(alias): key for alias, key in ALIASES.items()}
    for language in ("en", "fr"):
        with translation.override(language):
            keys |= {normalise_header(str(header)): key for key, header in COLUMNS}
    keys |= {normalise_header(key): key for key, _header in COLUMNS}
    return keys


def _header(cells: list[str]) -> tuple[list[str | None], list[str]]:
    known = header_keys()
    keys: list[str | None] = []
    ignored = []
    for cell in cells:
        key = known.get(normalise_header(cell))
        if key is None and cell.strip():
            ignored.append(cell.strip())
        elif key is not None and key in keys:
            raise Invalid(
                _("The column “%(name)s” appears twice in the header.") % {"name": cell.strip()},
                code="duplicate_column",
            )
        keys.append(key)
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise Invalid(
            _("The header row needs the columns %(columns)s (missing: %(missing)s).")
            % {"columns": ", ".join(REQUIRED), "missing": ", ".join(missing)},
            code="missing_columns",
        )
    return keys, ignored


class _Context:
    """What checking every row needs, loaded once."""

    def __init__(self, lab: Lab, emails: set[str]):
        self.lab, self.tz = lab, lab.tzinfo
        self.today, self.now = lab_today(self.tz), timezone.now()
        found = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        self.users = {user.email_lower: user for user in found}
        self.trainings: dict[str, list[Training]] = {}
        for training in Training.objects.filter(lab=lab).select_related("lab"):
            for name in {normalise_header(training.slug), normalise_header(training.title)}:
                self.trainings.setdefault(name, []).append(training)

    def day_start(self, day: dt.date) -> dt.datetime:
        return at_wall_clock(day, dt.time(0, 0), self.tz)


def _member(row: CertificationRow, ctx: _Context) -> None:
    if not row.email:
        row.errors.append(_("The email address is missing."))
        return
    member = ctx.users.get(row.email)
    if member is None:
        row.errors.append(_("No member has the email address “%(email)s”.") % {"email": row.email})
    elif member.lab_id != ctx.lab.pk:
        row.errors.append(_("This email address belongs to a member of another lab."))
    else:
        row.member = member


def _training(row: CertificationRow, ctx: _Context) -> None:
    if not row.training_label:
        row.errors.append(_("The training is missing."))
        return
    found = ctx.trainings.get(normalise_header(row.training_label), [])
    if not found:
        row.errors.append(
            _("Unknown training “%(training)s” (write its code or its title).")
            % {"training": row.training_label}
        )
    elif len(found) > 1:
        row.errors.append(
            _("Several trainings are called “%(training)s”: write the code instead.")
            % {"training": row.training_label}
        )
    else:
        row.training = found[0]


def _dates(row: CertificationRow, cells: dict[str, str], ctx: _Context) -> None:
    granted = expires = None
    try:
        granted = parse_date(cells["granted_on"]) if cells["granted_on"] else None
        if granted is None:
            row.errors.append(_("The date the certification was granted is missing."))
        elif granted > ctx.today:
            row.errors.append(_("The grant date %(date)s is in the future.") % {"date": granted})
            granted = None
    except ValueError:
        row.errors.append(
            _("Bad grant date “%(date)s” (write YYYY-MM-DD or DD/MM/YYYY).")
            % {"date": cells["granted_on"]}
        )
    if cells.get("expires_on"):
        try:
            expires = parse_date(cells["expires_on"])
        except ValueError:
            row.errors.append(
                _("Bad expiry date “%(date)s” (write YYYY-MM-DD or DD/MM/YYYY).")
                % {"date": cells["expires_on"]}
            )
    if granted and expires and expires <= granted:
        row.errors.append(_("The expiry date must come after the grant date."))
    elif granted:
        row.granted_at = ctx.day_start(granted)
        row.expires_at = ctx.day_start(expires) if expires else None


def _check_row(line: int, raw: list[str], keys, ctx: _Context, seen: dict) -> CertificationRow:
    row = CertificationRow(line=line)
    width = width_error(raw, len(keys))
    if width:
        row.errors.append(width)
        return row
    cells = {key: cell.strip() for key, cell in zip(keys, raw, strict=True) if key}
    row.email, row.training_label = cells["email"].lower(), cells["training"]
    row.reason = cells.get("reason", "")
    _member(row, ctx)
    _training(row, ctx)
    _dates(row, cells, ctx)
    if len(row.reason) > REASON_MAX:
        row.errors.append(_("The reason is longer than %(max)d characters.") % {"max": REASON_MAX})
    if row.member and row.training:
        pair = (row.member.pk, row.training.pk)
        if pair in seen:
            row.errors.append(
                _("The same member and training are already on line %(line)d.")
                % {"line": seen[pair]}
            )
        else:
            seen[pair] = line
    if row.errors:
        return row
    row.action = "held" if _holds(row, ctx.now) else "grant"
    if row.action == "held":
        row.note = _("Already holds this certification: the row is skipped.")
    return row


def _holds(row: CertificationRow, now: dt.datetime) -> bool:
    """The member holds a valid certification of the training now, or did on the row's date
    (granting it again would be refused)."""
    for moment in (now, row.granted_at):
        held, refusal = certification_state(member=row.member, training=row.training, at=moment)
        if held is not None and refusal is None:
            return True
    return False


def certification_import_check(*, actor, lab: Lab, content: str) -> CertificationImportReport:
    """What importing `content` (the decoded CSV text) would do, row by row. Reads only."""
    check_staff_of_lab(actor, lab.pk)
    delimiter, header, data = read_table(content)
    keys, ignored = _header(header)
    if not data:
        raise Invalid(_("The file has a header row but no certifications."), code="no_rows")
    at = keys.index("email")
    ctx = _Context(lab, {cells[at].strip().lower() for _line, cells in data if len(cells) > at})
    seen: dict[tuple[int, int], int] = {}
    rows = [_check_row(line, cells, keys, ctx, seen) for line, cells in data]
    return CertificationImportReport(rows=rows, ignored_columns=ignored, delimiter=delimiter)


@transaction.atomic
def certification_import(*, actor, lab: Lab, content: str) -> CertificationImportReport:
    """Grant the certifications of a CSV, all or nothing: checked again against the data of
    this moment, refused while a row is rejected; rows already held are skipped."""
    report = certification_import_check(actor=actor, lab=lab, content=content)
    refuse_rejected(len(report.rejected))
    for row in report.rows:
        if row.action != "grant":
            continue
        try:
            cert = certification_grant(
                actor=actor,
                member=row.member,
                training=row.training,
                source=Certification.Source.IMPORT,
                reason=row.reason,
                granted_at=row.granted_at,
            )
        except DomainError as exc:
            raise row_failed(row.line, exc) from exc
        if row.expires_at is not None:  # the spreadsheet's date wins over the computed one
            cert.expires_at = row.expires_at
            cert.save(update_fields=["expires_at"])
    return report
