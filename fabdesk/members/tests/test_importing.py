"""The CSV import: decoding, parsing, the dry-run report and the all-or-nothing write."""

import datetime

import pytest

from fabdesk.core.csv_import import MAX_ROWS, decode_upload
from fabdesk.core.errors import Invalid
from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.importing import import_check
from fabdesk.members.models import User
from fabdesk.members.services import member_import
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(lab):
    return MemberGroupFactory(lab=lab, name="Étudiant", slug="student")


def check(staff, text):
    return import_check(actor=staff, lab=staff.lab, content=text)


def only_row(report):
    assert len(report.rows) == 1
    return report.rows[0]


# --- decoding ------------------------------------------------------------------------------


def test_utf8_with_bom_is_read():
    text, encoding = decode_upload("\ufeffemail;first_name\na@x.test;Zoé\n".encode())
    assert text.startswith("email;") and "Zoé" in text and encoding == "UTF-8 (BOM)"


def test_windows_1252_is_read():
    text, encoding = decode_upload("email,first_name\na@x.test,Zoé\n".encode("cp1252"))
    assert "Zoé" in text and encoding == "Windows-1252"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not_csv"),
        (b"email\n\x01\x02\x03@x.test\n", "not_csv"),
        (b"email\n" + b"a" * (2 * 1024 * 1024), "too_big"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, code):
    with pytest.raises(Invalid) as exc:
        decode_upload(data)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("first_name,last_name\nAda,Lovelace\n", "no_email_column"),
        ("ada@x.test,Ada,Lovelace\nbob@x.test,Bob,Marley\n", "no_header"),
        ("email,mail\na@x.test,b@x.test\n", "duplicate_column"),
        ("email,first_name\n", "no_rows"),
        ('email,first_name\na@x.test,"Ada\n', "bad_csv"),
    ],
)
def test_file_level_problems(staff, text, code):
    with pytest.raises(Invalid) as exc:
        check(staff, text)
    assert exc.value.code == code


def test_too_many_rows_is_refused(staff):
    text = "email\n" + "".join(f"m{i}@x.test\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(Invalid) as exc:
        check(staff, text)
    assert exc.value.code == "too_many_rows"


def test_exactly_max_rows_is_accepted(staff):
    text = "email\n" + "".join(f"m{i}@x.test\n" for i in range(MAX_ROWS))
    assert check(staff, text).totals["create"] == MAX_ROWS


# --- the report ----------------------------------------------------------------------------


def test_semicolon_file_with_french_headers(staff, student):
    text = (
        "Courriel;Prénom;Nom;Groupe;Date de naissance;Statut\n"
        "zoe@x.test;Zoé;Durand;Étudiant;31/12/2001;En attente de validation\n"
    )
    report = check(staff, text)
    row = only_row(report)
    assert report.delimiter == ";"
    assert row.action == "create", row.errors
    assert row.values == {
        "first_name": "Zoé",
        "last_name": "Durand",
        "member_group": student,
        "birth_date": datetime.date(2001, 12, 31),
        "status": User.Status.PENDING,
    }


def test_update_lists_only_the_fields_that_change(staff, member, student):
    member.city = "Lyon"
    member.save()
    text = f"email,city,group,phone\n{member.email.upper()},Lyon,student,\n"
    row = only_row(check(staff, text))
    assert row.action == "update" and row.member == member
    assert list(row.changes) == ["member_group"]
    assert row.changes["member_group"][1:] == ("Adulte", "Étudiant")


def test_row_with_nothing_new_is_unchanged(staff, member):
    text = f"email,first_name\n{member.email},{member.first_name}\n"
    assert only_row(check(staff, text)).action == "unchanged"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not-an-email,Ada", "is not a valid email address"),
        (",Ada", "The email address is missing"),
        ("a@x.test,Ada,extra", "This row has 3 values; the header has 2 columns"),
        ("a@x.test", "This row has 1 value; the header has 2 columns"),
    ],
)
def test_rejected_rows_say_why(staff, line, reason):
    row = only_row(check(staff, f"email,first_name\n{line}\n"))
    assert row.action == "rejected"
    assert any(reason in error for error in row.errors), row.errors


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("group", "martians", "Unknown group “martians”"),
        ("birth_date", "2001-13-45", "Bad birth date"),
        ("birth_date", "12/31/2001", "Bad birth date"),
        ("status", "asleep", "Unknown status “asleep”"),
        ("language", "klingon", "Unknown language “klingon”"),
        ("postal_code", "9" * 30, "longer than 20 characters"),
    ],
)
def test_bad_values_are_rejected(staff, column, value, reason):
    row = only_row(check(staff, f"email,{column}\na@x.test,{value}\n"))
    assert row.action == "rejected"
    assert any(reason in error for error in row.errors), row.errors


def test_duplicate_email_in_the_file_is_rejected_case_insensitively(staff):
    report = check(staff, "email\nada@x.test\nbob@x.test\nADA@X.test\n")
    assert [r.action for r in report.rows] == ["create", "create", "rejected"]
    assert report.rows[2].line == 4
    assert "already on line 2" in report.rows[2].errors[0]


def test_member_of_another_lab_is_not_touched(staff):
    stranger = UserFactory(lab=LabFactory(slug="elsewhere"), email="far@x.test")
    row = only_row(check(staff, f"email,city\n{stranger.email},Paris\n"))
    assert row.action == "rejected"
    assert "another lab" in row.errors[0]


def test_staff_cannot_change_their_own_status(staff):
    row = only_row(check(staff, f"email,status\n{staff.email},suspended\n"))
    assert row.errors == ["You cannot change your own status."]


def test_blank_lines_are_skipped_and_line_numbers_are_the_file_lines(staff):
    report = check(staff, "email\n\na@x.test\n,\nb@x.test\n")
    assert [(r.line, r.action) for r in report.rows] == [(3, "create"), (5, "create")]


def test_unknown_columns_are_ignored_and_listed(staff):
    report = check(staff, "email,shoe size\na@x.test,42\n")
    assert report.ignored_columns == ["shoe size"] and report.rows[0].action == "create"


def test_check_writes_nothing(staff):
    check(staff, "email\na@x.test\n")
    assert not User.objects.filter(email="a@x.test").exists()


# --- writing -------------------------------------------------------------------------------


def test_import_creates_and_updates_by_email_case_insensitively(staff, member, student):
    text = (
        "email;first_name;last_name;group;city;status\n"
        "New.Person@X.test;New;Person;student;Grenoble;pending\n"
        f"{member.email.upper()};;;student;Annecy;\n"
    )
    report = member_import(actor=staff, lab=staff.lab, content=text)
    assert report.totals == {"create": 1, "update": 1, "unchanged": 0, "rejected": 0}
    created = User.objects.get(email="new.person@x.test")
    assert (created.first_name, created.member_group, created.city, created.status) == (
        "New",
        student,
        "Grenoble",
        User.Status.PENDING,
    )
    assert created.lab == staff.lab and not created.has_usable_password()
    member.refresh_from_db()
    assert (member.member_group, member.city) == (student, "Annecy")
    assert member.first_name  # an empty cell leaves the value as it is
    assert User.objects.filter(email__iexact=member.email).count() == 1
    entries = AuditEntry.objects.filter(action="member.imported", actor=staff)
    assert {e.target_id for e in entries} == {str(created.pk), str(member.pk)}
    assert entries.get(target_id=str(member.pk)).changes["city"] == ["", "Annecy"]


def test_import_changes_status_through_the_status_rule(staff, member):
    member_import(actor=staff, lab=staff.lab, content=f"email,status\n{member.email},suspended\n")
    member.refresh_from_db()
    assert member.status == User.Status.SUSPENDED and member.status_reason


def test_import_with_a_rejected_row_writes_nothing(staff, member):
    text = f"email,city\n{member.email},Annecy\nnew@x.test,Paris\nbroken,Nice\n"
    with pytest.raises(Invalid) as exc:
        member_import(actor=staff, lab=staff.lab, content=text)
    assert "1 row is rejected" in str(exc.value.message)
    member.refresh_from_db()
    assert member.city == "" and not User.objects.filter(email="new@x.test").exists()
    assert not AuditEntry.objects.filter(action="member.imported").exists()


def test_a_failure_while_writing_rolls_back_every_row(staff, member, monkeypatch):
    """The write re-checks the file inside its transaction; if a row still fails (here the
    check is frozen before another staff member created the same email), every row before it
    is undone."""
    from fabdesk.members import services

    text = f"email,city\n{member.email},Annecy\nnew@x.test,Paris\n"
    stale = check(staff, text)
    UserFactory(lab=staff.lab, email="new@x.test")
    monkeypatch.setattr(services, "import_check", lambda **kwargs: stale)
    with pytest.raises(Invalid) as exc:
        member_import(actor=staff, lab=staff.lab, content=text)
    assert str(exc.value.message).startswith("Line 3: A member with the email address")
    member.refresh_from_db()
    assert member.city == ""
    assert not AuditEntry.objects.filter(action="member.imported").exists()


def test_email_longer_than_the_field_is_rejected(staff):
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "test"
    row = only_row(check(staff, f"email\n{email}\n"))
    assert row.action == "rejected"


def test_the_example_of_the_user_guide(staff, lab, default_group, student):
    MemberGroupFactory(lab=lab, name="Entreprise", slug="company")
    UserFactory(lab=lab, email="ada@example.org", member_group=default_group)
    text = (
        "email;first_name;last_name;group;city;birth_date;status\n"
        "ines.robert@example.org;Inès;Robert;adult;Lyon;14/02/1994;active\n"
        "paul.girard@example.org;Paul;Girard;Étudiant;Villeurbanne;2003-09-01;pending\n"
        "ada@example.org;;;company;;;\n"
    )
    report = check(staff, text)
    assert [r.action for r in report.rows] == ["create", "create", "update"]
    assert list(report.rows[2].changes) == ["member_group"]
