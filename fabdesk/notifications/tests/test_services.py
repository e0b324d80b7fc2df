import pytest
from django.core import mail

from fabdesk.core.errors import Forbidden, NotFound
from fabdesk.notifications.kinds import register_kind
from fabdesk.notifications.models import Notification, NotificationPreference
from fabdesk.notifications.selectors import notification_unread_count
from fabdesk.notifications.services import (
    notification_open,
    notification_preferences_set,
    notifications_mark_all_read,
    notify,
)

register_kind(
    "notifications.test_services_mandatory",
    label="Security alerts",
    mandatory=True,
    template="notifications/notifications/test",
)


@pytest.mark.django_db
def test_unread_count_and_mark_all_read(member, other_member):
    for user in (member, member, other_member):
        Notification.objects.create(recipient=user, kind="notifications.message", title="Hi")
    assert notification_unread_count(member) == 2
    assert notifications_mark_all_read(user=member) == 2
    assert notification_unread_count(member) == 0
    assert notification_unread_count(other_member) == 1


@pytest.mark.django_db
def test_open_refuses_someone_elses_notification(member, other_member):
    entry = Notification.objects.create(recipient=other_member, kind="x.y", title="Private")
    with pytest.raises(NotFound):
        notification_open(user=member, notification_id=entry.pk)


@pytest.mark.django_db
def test_mandatory_kind_cannot_be_turned_off(member):
    with pytest.raises(Forbidden):
        notification_preferences_set(
            user=member, choices={"notifications.test_services_mandatory": (False, True)}
        )
    assert not NotificationPreference.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_message_kind_mail_uses_the_shared_layout(member, django_capture_on_commit_callbacks):
    member.language = "en"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=member,
            kind="notifications.message",
            context={"title": "L'atelier laser rouvre", "message": "Venez nombreux & curieux."},
            url="/",
        )
    sent = mail.outbox[0]
    assert sent.subject == "L'atelier laser rouvre"  # plain text, not HTML-escaped
    assert "Venez nombreux & curieux." in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert member.lab.name in html
    assert "http://127.0.0.1:8000/notifications/preferences/" in html
    assert "Venez nombreux &amp; curieux." in html


@pytest.mark.django_db
def test_kind_without_html_template_still_gets_the_branded_layout(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="notifications.test_services_mandatory")
    html, _mimetype = mail.outbox[0].alternatives[0]
    assert "This is a test message from Fabdesk." in html
    assert "/notifications/preferences/" in html


@pytest.mark.django_db
def test_mail_layout_is_in_the_recipients_language(member, django_capture_on_commit_callbacks):
    member.language = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="notifications.message", context={"title": "Info"}, url="/")
    html, _mimetype = mail.outbox[0].alternatives[0]
    assert '<html lang="fr">' in html
    assert "Choisir les messages que vous recevez" in html and "Ouvrir dans Fabdesk" in html
