import pytest
from django.core import mail

from fabdesk.notifications.kinds import register_kind
from fabdesk.notifications.models import NotificationPreference
from fabdesk.notifications.services import notify

register_kind("notifications.test", label="Test message")
register_kind(
    "notifications.test_mandatory",
    label="Test mandatory",
    mandatory=True,
    template="notifications/notifications/test",
)


@pytest.mark.django_db
def test_notify_sends_mail_after_commit_and_keeps_in_app_entry(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = notify(recipient=member, kind="notifications.test", url="/me/")
    assert entry.title == f"Hello {member.first_name}"
    assert entry.recipient == member and entry.read_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "http://127.0.0.1:8000/me/" in mail.outbox[0].body


@pytest.mark.django_db
def test_no_mail_when_transaction_rolls_back(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=member, kind="notifications.test")
    assert len(callbacks) == 1 and mail.outbox == []


@pytest.mark.django_db
def test_preferences_are_honoured_but_not_for_mandatory_kinds(
    member, django_capture_on_commit_callbacks
):
    for kind in ("notifications.test", "notifications.test_mandatory"):
        NotificationPreference.objects.create(user=member, kind=kind, by_email=False, in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipient=member, kind="notifications.test") is None
        assert notify(recipient=member, kind="notifications.test_mandatory") is not None
    assert len(mail.outbox) == 1
