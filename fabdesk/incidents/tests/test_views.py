"""The incident pages, per role: the reporter, another member, staff, staff of another lab,
anonymous visitors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.incidents.models import Incident, IncidentStatus
from fabdesk.incidents.services import (
    incident_acknowledge,
    incident_comment_add,
    incident_part_add,
)
from fabdesk.members.models import User

from .conftest import png_upload
from .factories import report

pytestmark = pytest.mark.django_db


def detail_url(incident):
    return reverse("incidents:detail", args=[incident.pk])


# --- the report form -----------------------------------------------------------------------


def test_anonymous_visitors_log_in_first_then_come_back(client, machine):
    url = reverse("incidents:report", args=[machine.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") and "next=" in response["Location"]


def test_the_form_is_quick_to_fill_on_a_phone(member_client, machine):
    page = member_client.get(reverse("incidents:report", args=[machine.pk])).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="unusable"' in page


def test_a_member_reports_with_a_photo_and_the_machine_goes_out_of_order(
    member_client, member, machine
):
    response = member_client.post(
        reverse("incidents:report", args=[machine.pk]),
        {"description": "The bed is cracked", "unusable": "on", "photo": png_upload()},
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(incident)
    assert incident.reporter == member and incident.unusable and incident.photo
    machine.refresh_from_db()
    assert machine.status == MachineStatus.OUT_OF_ORDER
    photo = member_client.get(reverse("incidents:photo", args=[incident.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_file_that_is_not_an_image_is_refused_with_a_message(member_client, machine):
    upload = SimpleUploadedFile("photo.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = member_client.post(
        reverse("incidents:report", args=[machine.pk]),
        {"description": "Broken", "photo": upload},
    )
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_suspended_member_sees_why_they_cannot_report(client, member, machine):
    member.status = User.Status.SUSPENDED
    member.save()
    client.force_login(member)
    url = reverse("incidents:report", args=[machine.pk])
    assert "suspended" in client.get(url).content.decode()
    response = client.post(url, {"description": "Broken"})
    assert response.status_code == 200 and "suspended" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_machine_of_another_lab_is_not_found(member_client):
    other = MachineFactory()
    assert member_client.get(reverse("incidents:report", args=[other.pk])).status_code == 404


def test_script_in_a_description_is_inert(member_client, staff_client, member, machine):
    incident = report(member, machine, description="<script>alert('x')</script> it burns")
    for client in (member_client, staff_client):
        page = client.get(detail_url(incident)).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    listing = staff_client.get(reverse("incidents:list")).content.decode()
    assert "<script>alert" not in listing


# --- who sees a ticket ---------------------------------------------------------------------


def test_the_reporter_sees_progress_and_public_comments_only(member_client, member, staff, machine):
    incident = incident_acknowledge(
        actor=staff, incident=report(member, machine), note="Looking at it"
    )
    incident_comment_add(author=staff, incident=incident, body="Public word")
    incident_comment_add(author=staff, incident=incident, body="Secret word", internal=True)
    incident_part_add(actor=staff, incident=incident, name="Lens", quantity=1, unit_cost=40)
    page = member_client.get(detail_url(incident)).content.decode()
    assert "Acknowledged" in page and "Looking at it" in page and "Public word" in page
    assert "Secret word" not in page and "Lens" not in page
    assert "Mark as resolved" not in page and "Internal" not in page


def test_staff_see_everything_and_the_actions(staff_client, member, staff, machine):
    incident = report(member, machine, unusable=True)
    incident_comment_add(author=staff, incident=incident, body="Secret word", internal=True)
    incident_part_add(actor=staff, incident=incident, name="Lens", quantity=2, unit_cost="40.5")
    page = staff_client.get(detail_url(incident)).content.decode()
    assert "Secret word" in page and "Lens" in page and "81" in page
    assert "Acknowledge" in page and "Put the machine back in service" in page
    assert member.email in page or member.get_full_name() in page


@pytest.mark.parametrize("who", ["other_member", "other_lab_staff"])
def test_others_get_a_404(request, client, member, machine, who):
    incident = report(member, machine)
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail_url(incident)).status_code == 404
    assert client.get(reverse("incidents:photo", args=[incident.pk])).status_code == 404
    response = client.post(reverse("incidents:status", args=[incident.pk]), {"status": "closed"})
    assert response.status_code == 404


def test_anonymous_cannot_open_a_ticket(client, member, machine):
    incident = report(member, machine)
    assert client.get(detail_url(incident)).status_code == 302
    assert client.get(reverse("incidents:list")).status_code == 302


def test_a_member_gets_403_on_the_staff_list(member_client):
    assert member_client.get(reverse("incidents:list")).status_code == 403


def test_my_reports_lists_only_mine(member_client, member, other_member, machine):
    mine = report(member, machine, description="Mine is broken")
    report(other_member, machine, description="Theirs is broken")
    page = member_client.get(reverse("incidents:mine")).content.decode()
    assert "Mine is broken" in page and "Theirs is broken" not in page
    home = member_client.get("/").content.decode()
    assert f"#{mine.pk}" in home and "My problem reports" in home


def test_a_reporter_cannot_move_their_ticket(member_client, member, machine):
    incident = report(member, machine)
    member_client.post(reverse("incidents:status", args=[incident.pk]), {"status": "closed"})
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_the_reporter_comments_on_their_ticket(member_client, member, machine):
    incident = report(member, machine)
    url = reverse("incidents:comment", args=[incident.pk])
    member_client.post(url, {"body": "Still broken", "internal": "on"})
    comment = incident.comments.get()
    assert comment.body == "Still broken" and not comment.internal


# --- staff at work -------------------------------------------------------------------------


def test_staff_run_the_ticket_to_the_end_from_the_page(staff_client, member, machine):
    incident = report(member, machine, unusable=True)
    url = reverse("incidents:status", args=[incident.pk])
    staff_client.post(url, {"status": "acknowledged", "note": ""})
    staff_client.post(url, {"status": "in_repair"})
    staff_client.post(
        reverse("incidents:part", args=[incident.pk]),
        {"name": "Belt", "quantity": "1", "unit_cost": "12.30"},
    )
    staff_client.post(reverse("incidents:work", args=[incident.pk]), {"minutes": "50"})
    response = staff_client.post(
        url, {"status": "resolved", "note": "Belt replaced", "back_in_service": "on"}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    machine.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED and incident.resolution == "Belt replaced"
    assert machine.status == MachineStatus.IN_SERVICE
    page = staff_client.get(detail_url(incident)).content.decode()
    assert "Belt" in page and "50 minutes" in page


def test_resolving_without_saying_what_was_done_shows_the_error(staff_client, member, machine):
    incident = report(member, machine)
    response = staff_client.post(
        reverse("incidents:status", args=[incident.pk]), {"status": "resolved", "note": ""}
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_the_back_in_service_box_shows_only_for_the_last_blocking_ticket(
    staff_client, member, other_member, machine
):
    first = report(member, machine, unusable=True)
    report(other_member, machine, unusable=True)
    page = staff_client.get(detail_url(first)).content.decode()
    assert "Put the machine back in service" not in page


def test_the_staff_list_puts_open_blocking_tickets_first_and_filters(
    staff_client, staff, member, machine, lab, django_assert_max_num_queries
):
    other_machine = MachineFactory(lab=lab, name="Ultimaker")
    calm = report(member, machine, description="Calm one")
    blocking = report(member, other_machine, description="Blocking one", unusable=True)
    for _ in range(30):
        report(member, machine, description="Filler")
    url = reverse("incidents:list")
    with django_assert_max_num_queries(12):
        page = staff_client.get(url).content.decode()
    assert page.index("Blocking one") < page.index("Calm one")
    filtered = staff_client.get(url, {"machine": machine.pk}).content.decode()
    assert "Blocking one" not in filtered and "Calm one" in filtered
    only_blocking = staff_client.get(url, {"blocking": "on"}).content.decode()
    assert "Blocking one" in only_blocking and "Calm one" not in only_blocking
    assert f"#{calm.pk}" in staff_client.get(url, {"status": "reported"}).content.decode()
    incident_acknowledge(actor=staff, incident=blocking)
    acknowledged = staff_client.get(url, {"status": "acknowledged"}).content.decode()
    assert "Blocking one" in acknowledged and "Calm one" not in acknowledged
    today = staff_client.get(reverse("core:today")).content.decode()
    assert "Open repair tickets" in today and f"#{blocking.pk}" in today


def test_the_machine_page_shows_open_problems(client, member, other_member, staff, machine):
    mine = report(member, machine, description="Mine: the lid is stuck")
    report(other_member, machine, description="Theirs: smoke")
    url = reverse("equipment:machine_detail", args=[machine.pk])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Mine: the lid is stuck" in page and "Theirs: smoke" not in page
    assert "1 problem is already reported on this machine" in page
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "Mine: the lid is stuck" in page and "Theirs: smoke" in page
    assert f"Problem reported (#{mine.pk})" in page  # the staff timeline
    client.logout()
    assert "Problems reported" not in client.get(url).content.decode()
