"""Reading and checking a members CSV before anything is written.

`import_check()` turns the uploaded text into an ImportReport: one line per row saying what
the import would do (create, update with the fields that change, unchanged, or rejected with
its reasons). It only reads the database. `services.member_import()` re-runs it and writes.

File-level problems (too big, not text, no header, too many rows...) raise Invalid."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from fabdesk.core.csv_import import (
    normalise_header,
    parse_date,
    read_table,
    width_error,
)
from fabdesk.core.errors import Invalid
from fabdesk.core.models import Lab

from .csv_columns import IMPORTABLE, header_keys
from .models import MemberGroup, User

TEXT_FIELDS = [
    "first_name", "last_name", "phone", "organisation", "address_line1", "address_line2",
    "postal_code", "city", "country",
]  # fmt: skip


@dataclass
class ImportRow:
    line: int
    email: str = ""
    action: str = "rejected"  # create | update | unchanged | rejected
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # (label, old, new)
    errors: list[str] = field(default_factory=list)
    member: User | None = None


@dataclass
class ImportReport:
    rows: list[ImportRow]
    ignored_columns: list[str]
    delimiter: str

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def totals(self) -> dict[str, int]:
        actions = ("create", "update", "unchanged", "rejected")
        return {action: self.count(action) for action in actions}

    @property
    def rejected(self) -> list[ImportRow]:
        return [row for row in self.rows if row.action == "rejected"]


def _header(cells: list[str]) -> tuple[list[str | None], list[str]]:
    """The key of each column (None when ignored) and the ignored headers."""
    known = header_keys()
    keys, ignored = [], []
    for cell in cells:
        key = known.get(normalise_header(cell))
        if key not in IMPORTABLE:
            key = None
            if cell.strip():
                ignored.append(cell.strip())
        elif key in keys:
            raise Invalid(
                _("The column “%(name)s” appears twice in the header.") % {"name": cell.strip()},
                code="duplicate_column",
            )
        keys.append(key)
    if "email" not in keys:
        if any("@" in cell for cell in cells):
            raise Invalid(
                _(
                    "The first row must be the header (the column names, with an “email” "
                    "column); it looks like a member's data."
                ),
                code="no_header",
            )
        raise Invalid(_("The header row has no “email” column."), code="no_email_column")
    return keys, ignored


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (English and French) → code, compared without accents or case."""
    lookup = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, label in choices:
                lookup[normalise_header(str(label))] = code
                lookup[normalise_header(code)] = code
    return lookup


class _Context:
    """What checking every row needs, loaded once."""

    def __init__(self, lab: Lab, emails: list[str]):
        self.lab = lab
        groups = list(MemberGroup.objects.filter(lab=lab))
        self.groups = {normalise_header(g.name): g for g in groups}
        self.groups.update({normalise_header(g.slug): g for g in groups})
        self.statuses = _choice_lookup(User.Status.choices)
        self.languages = _choice_lookup(settings.LANGUAGES)
        found = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=set(emails))
            .select_related("member_group")
        )
        self.users = {user.email_lower: user for user in found}
        self.max_lengths = {name: User._meta.get_field(name).max_length for name in TEXT_FIELDS}


def _parse_cells(cells: dict[str, str], ctx: _Context) -> tuple[dict[str, Any], list[str]]:
    """Typed values of the non-empty cells, and the reasons the row cannot be imported."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for name in TEXT_FIELDS:
        value = cells.get(name, "")
        if value and len(value) > ctx.max_lengths[name]:
            errors.append(
                _("%(field)s is longer than %(max)d characters.")
                % {"field": User._meta.get_field(name).verbose_name, "max": ctx.max_lengths[name]}
            )
        elif value:
            values[name] = value
    if cells.get("group"):
        group = ctx.groups.get(normalise_header(cells["group"]))
        if group is None:
            errors.append(_("Unknown group “%(group)s”.") % {"group": cells["group"]})
        else:
            values["member_group"] = group
    if cells.get("birth_date"):
        try:
            values["birth_date"] = parse_date(cells["birth_date"])
        except ValueError:
            errors.append(
                _("Bad birth date “%(date)s” (write YYYY-MM-DD or DD/MM/YYYY).")
                % {"date": cells["birth_date"]}
            )
    for name, lookup in (("status", ctx.statuses), ("language", ctx.languages)):
        if cells.get(name):
            code = lookup.get(normalise_header(cells[name]))
            if code is None:
                if name == "status":
                    errors.append(_("Unknown status “%(value)s”.") % {"value": cells[name]})
                else:
                    errors.append(_("Unknown language “%(value)s”.") % {"value": cells[name]})
            else:
                values[name] = code
    return values, errors


def _display(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(User.Status(value).label)
    if name == "language":
        return str(dict(settings.LANGUAGES).get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _changes(member: User | None, values: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """{field: (label, old, new)} shown in the report; for a new member, every value given."""
    changes = {}
    for name, new in values.items():
        old = getattr(member, name) if member is not None else None
        if old != new:
            label = str(User._meta.get_field(name).verbose_name)
            changes[name] = (label, _display(name, old), _display(name, new))
    return changes


def _check_email(row: ImportRow, email: str, seen: dict[str, int]) -> None:
    if not email:
        row.errors.append(_("The email address is missing."))
        return
    try:
        validate_email(email)
        if len(email) > User._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        row.errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
    if email in seen:
        row.errors.append(
            _("The same email address is already on line %(line)d.") % {"line": seen[email]}
        )
    else:
        seen[email] = row.line


def _check_row(
    line: int, raw: list[str], keys: list[str | None], ctx: _Context, seen: dict, actor: User
) -> ImportRow:
    row = ImportRow(line=line)
    width = width_error(raw, len(keys))
    if width:
        row.errors.append(width)
        return row
    cells = {key: cell.strip() for key, cell in zip(keys, raw, strict=True) if key}
    row.email = cells["email"].lower()
    _check_email(row, row.email, seen)
    values, errors = _parse_cells(cells, ctx)
    row.errors += errors
    member = ctx.users.get(row.email)
    if member is not None and member.lab_id != ctx.lab.pk:
        row.errors.append(_("This email address belongs to an account of another lab."))
    elif (
        member is not None
        and member.pk == actor.pk
        and values.get("status", member.status) != member.status
    ):
        row.errors.append(_("You cannot change your own status."))
    if row.errors:
        return row
    row.values, row.member = values, member
    if member is None:
        row.action = "create"
        row.changes = _changes(None, values)
    else:
        row.changes = _changes(member, values)
        row.action = "update" if row.changes else "unchanged"
    return row


def import_check(*, actor: User, lab: Lab, content: str) -> ImportReport:
    """What importing `content` (the decoded CSV text) would do, row by row. Reads only."""
    delimiter, header, data = read_table(content)
    keys, ignored = _header(header)
    if not data:
        raise Invalid(_("The file has a header row but no members."), code="no_rows")
    at = keys.index("email")
    ctx = _Context(lab, [cells[at].strip().lower() for _line, cells in data if len(cells) > at])
    seen: dict[str, int] = {}
    checked = [_check_row(line, cells, keys, ctx, seen, actor) for line, cells in data]
    return ImportReport(rows=checked, ignored_columns=ignored, delimiter=delimiter)
