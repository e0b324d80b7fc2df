"""The members CSV export: the columns of csv_columns.COLUMNS, headers in the reader's
language, `;`-separated and UTF-8 with a BOM so that Excel (French or not) opens it right."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from .csv_columns import COLUMNS
from .models import User
from .roles import ROLE_LABELS, role_of

DELIMITER = ";"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def member_row(member: User) -> list[str]:
    values = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "group": member.member_group.name if member.member_group else "",
        "status": str(member.get_status_display()),
        "role": str(ROLE_LABELS[role_of(member)]),
        "phone": member.phone,
        "organisation": member.organisation,
        "address_line1": member.address_line1,
        "address_line2": member.address_line2,
        "postal_code": member.postal_code,
        "city": member.city,
        "country": member.country,
        "birth_date": member.birth_date.isoformat() if member.birth_date else "",
        "language": member.language,
        "joined_on": _when(member.date_joined),
        "terms_accepted_at": _when(member.terms_accepted_at),
        "newsletter_consent_at": _when(member.newsletter_consent_at),
    }
    return [values[key] for key, _header in COLUMNS]


def members_csv(members) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([str(header) for _key, header in COLUMNS])
    for member in members.iterator(chunk_size=500):
        writer.writerow(member_row(member))
    return buffer.getvalue()


def members_csv_response(members) -> HttpResponse:
    filename = f"members-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse("\ufeff" + members_csv(members), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
