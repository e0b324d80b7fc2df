"""What staff see and do on the member pages, through the test client."""

import pytest
from django.core import mail
from django.urls import reverse

from fabdesk.core.models import AuditEntry
from fabdesk.members.models import User
from fabdesk.members.roles import Role, role_of
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_members(lab, group, count):
    for i in range(count):
        UserFactory(lab=lab, member_group=group, email=f"bulk{i}@x.test", verified_email=False)


# --- list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 200])
def test_list_costs_the_same_with_5_or_200_members(
    staff_client, lab, default_group, count, django_assert_max_num_queries
):
    make_members(lab, default_group, count)
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("members:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="badge badge-active"') == min(count + 1, 50)
    with django_assert_max_num_queries(6):
        export = staff_client.get(reverse("members:export"))
    assert len(export.content.decode("utf-8-sig").splitlines()) == count + 2  # + header, staff


def test_list_filters_and_search(staff_client, lab, default_group, member):
    student = MemberGroupFactory(lab=lab, name="Étudiant", slug="student")
    ada = UserFactory(
        lab=lab, member_group=student, first_name="Ada", last_name="Lovelace",
        organisation="Analytical Engines", status=User.Status.PENDING,
    )  # fmt: skip
    url = reverse("members:list")
    for query in ({"q": "analytical"}, {"group": student.pk}, {"status": "pending"}):
        page = staff_client.get(url, query).content.decode()
        assert "Lovelace" in page and member.email not in page, query
    page = staff_client.get(url, {"role": "staff"}).content.decode()
    assert "staff@example.test" in page and ada.email not in page


def test_list_paginates_by_50(staff_client, lab, default_group):
    make_members(lab, default_group, 60)
    page2 = staff_client.get(reverse("members:list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in page2 and page2.count("<tr>") == 1 + 11


def test_htmx_request_gets_only_the_table(staff_client, member):
    response = staff_client.get(reverse("members:list"), {"q": "member"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="member-table"')
    assert "<html" not in html and member.email in html


# --- detail and audit ----------------------------------------------------------------------


def test_detail_shows_profile_consents_and_readable_history(staff_client, staff, member, lab):
    company = MemberGroupFactory(lab=lab, name="Entreprise", slug="company")
    staff_client.post(
        reverse("members:edit", args=[member.pk]),
        {"email": member.email, "first_name": member.first_name, "last_name": member.last_name,
         "member_group": company.pk, "city": "Lyon", "notes": "Brings cookies"},
    )  # fmt: skip
    staff_client.post(
        reverse("members:status", args=[member.pk]), {"status": "suspended", "reason": "Unpaid"}
    )
    page = staff_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Brings cookies" in page and "Not accepted" in page
    assert "Member group: Adulte → Entreprise" in page
    assert "City: — → Lyon" in page
    assert "Status: Active → Suspended" in page and "Reason: Unpaid" in page
    assert str(staff) in page


# --- edit, status, role --------------------------------------------------------------------


def test_edit_refuses_an_email_taken_in_another_case(staff_client, member, other_member):
    response = staff_client.post(
        reverse("members:edit", args=[member.pk]),
        {"email": other_member.email.upper(), "first_name": "X", "last_name": "Y"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    member.refresh_from_db()
    assert member.email == "member@example.test"


def test_validating_tells_the_member(staff_client, member, django_capture_on_commit_callbacks):
    member.status = User.Status.PENDING
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("members:status", args=[member.pk]), {"status": "active"}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == User.Status.ACTIVE
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert "validated" in mail.outbox[0].subject


def test_suspending_needs_a_reason_and_tells_it(
    staff_client, member, django_capture_on_commit_callbacks
):
    url = reverse("members:status", args=[member.pk])
    response = staff_client.post(url, {"status": "suspended", "reason": "  "})
    assert "Say why the member is suspended." in response.content.decode()
    member.refresh_from_db()
    assert member.status == User.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"status": "suspended", "reason": "Broke the laser cutter"})
    member.refresh_from_db()
    assert (member.status, member.status_reason) == ("suspended", "Broke the laser cutter")
    assert "Broke the laser cutter" in mail.outbox[0].body


def test_staff_cannot_change_their_own_status(staff_client, staff):
    url = reverse("members:status", args=[staff.pk])
    response = staff_client.post(url, {"status": "suspended", "reason": "test"})
    assert "You cannot change your own status." in response.content.decode()


def test_admin_changes_a_role(client, admin_user, member):
    client.force_login(admin_user)
    response = client.post(reverse("members:role", args=[member.pk]), {"role": "staff"})
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert role_of(member) == Role.STAFF
    assert AuditEntry.objects.get(action="member.role_changed").changes == {
        "role": ["member", "staff"]
    }


def test_role_form_only_shown_to_admins(client, staff_client, admin_user, member):
    url = reverse("members:edit", args=[member.pk])
    assert "Change the role" not in staff_client.get(url).content.decode()
    client.force_login(admin_user)
    assert "Change the role" in client.get(url).content.decode()


# --- create --------------------------------------------------------------------------------


def test_staff_create_a_member_who_gets_a_password_link(
    staff_client, lab, default_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("members:new"),
            {"email": "Zoe@X.test", "first_name": "Zoé", "last_name": "Durand",
             "role": "admin"},
        )  # fmt: skip
    assert response.status_code == 302
    zoe = User.objects.get(email="zoe@x.test")
    assert zoe.lab == lab and zoe.member_group == default_group
    assert role_of(zoe) == Role.MEMBER  # staff cannot give roles
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" in body and "/accounts/password/reset/" in body
    link = next(w for w in body.split() if "/reset/key/" in w).split("8000", 1)[1]
    set_password = staff_client.get(link, follow=True)
    assert set_password.status_code == 200 and b"password1" in set_password.content


def test_admin_may_create_staff(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("members:new"), {"email": "host@x.test", "role": "staff"})
    assert role_of(User.objects.get(email="host@x.test")) == Role.STAFF


def test_create_refuses_an_existing_email(staff_client, member):
    response = staff_client.post(reverse("members:new"), {"email": "MEMBER@example.test"})
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="member@example.test").count() == 1


# --- export --------------------------------------------------------------------------------


def test_export_follows_the_filters_and_opens_in_excel(staff_client, lab, member, other_member):
    other_member.status = User.Status.SUSPENDED
    other_member.save()
    response = staff_client.get(reverse("members:export"), {"status": "suspended"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="members-')
    content = response.content
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Email;First name;Last name;Group;Status;Role")
    assert len(lines) == 2 and lines[1].startswith("other@example.test;")
    assert ";Suspended;Member;" in lines[1]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_exported_file_imports_back_unchanged(staff_client, staff, lab, member, language):
    staff.language = language
    staff.save()
    member.birth_date = "1990-05-17"
    member.city = "Lyon"
    member.save()
    exported = staff_client.get(reverse("members:export")).content.decode("utf-8-sig")
    from fabdesk.members.importing import import_check

    assert exported.startswith("Email;" if language == "en" else "E-mail;Prénom;Nom;")
    report = import_check(actor=staff, lab=lab, content=exported)
    assert {row.action for row in report.rows} == {"unchanged"}, [r.errors for r in report.rows]
