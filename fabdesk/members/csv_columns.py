"""The columns of the members CSV, shared by the export and the import so that an exported
file can be edited and imported back (in English or French headers)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fabdesk.core.csv_import import normalise_header

# (key, header). The export writes every column, headers in the reader's language; the
# import reads the columns in IMPORTABLE and ignores the others.
COLUMNS = [
    ("email", _("Email")),
    ("first_name", _("First name")),
    ("last_name", _("Last name")),
    ("group", _("Group")),
    ("status", _("Status")),
    ("role", _("Role")),
    ("phone", _("Phone")),
    ("organisation", _("Organisation")),
    ("address_line1", _("Address")),
    ("address_line2", _("Address (continued)")),
    ("postal_code", _("Postal code")),
    ("city", _("City")),
    ("country", _("Country")),
    ("birth_date", _("Birth date")),
    ("language", _("Language")),
    ("joined_on", _("Joined on")),
    ("terms_accepted_at", _("Terms accepted on")),
    ("newsletter_consent_at", _("Newsletter consent on")),
]
IMPORTABLE = [
    "email", "first_name", "last_name", "group", "phone", "organisation", "address_line1",
    "address_line2", "postal_code", "city", "country", "birth_date", "status", "language",
]  # fmt: skip
ALIASES = {"e-mail": "email", "mail": "email", "courriel": "email"}


def header_keys() -> dict[str, str]:
    """Every accepted spelling of a column header → its key."""
    keys = {normalise_header(alias): key for alias, key in ALIASES.items()}
    for language in ("en", "fr"):
        with translation.override(language):
            for key, header in COLUMNS:
                keys[normalise_header(str(header))] = key
    for key, _header in COLUMNS:
        keys[normalise_header(key)] = key
    return keys
