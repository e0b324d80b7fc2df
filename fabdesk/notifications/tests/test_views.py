import re

import pytest
from django.core import mail
from django.urls import reverse

from fabdesk.notifications.kinds import register_kind
from fabdesk.notifications.models import Notification, NotificationPreference
from fabdesk.notifications.services import notify

register_kind(
    "notifications.test_views", label="Test news", template="notifications/notifications/test"
)
register_kind(
    "notifications.test_views_mandatory",
    label="Test invoices",
    mandatory=True,
    template="notifications/notifications/test",
)


def _entry(user, title="Your booking is confirmed", url="/me/", read=False):
    from django.utils import timezone

    return Notification.objects.create(
        recipient=user,
        kind="notifications.test_views",
        title=title,
        body="Details",
        url=url,
        read_at=timezone.now() if read else None,
    )


@pytest.mark.django_db
def test_list_shows_own_notifications_newest_first_and_unread_highlighted(
    member_client, member, other_member, django_assert_max_num_queries
):
    _entry(member, "Older news", read=True)
    _entry(member, "Newer news")
    _entry(other_member, "Somebody else's news")
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Newer news") < html.index("Older news")
    assert "Somebody else" not in html
    assert '<li class="unread">' in html and html.count('class="unread"') == 1


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(
    member_client, member, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind="notifications.test_views", title=f"News {i}")
        for i in range(60)
    )
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("notifications:list") + "?page=2")
    assert "News 34" in response.content.decode()
    assert "Page 2 of 3" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    for name in ("notifications:list", "notifications:preferences"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_opening_marks_read_and_follows_the_link(member_client, member, method):
    entry = _entry(member, url="/me/")
    response = getattr(member_client, method)(reverse("notifications:open", args=[entry.pk]))
    assert response.status_code == 302 and response["Location"] == "/me/"
    entry.refresh_from_db()
    assert entry.read_at is not None


@pytest.mark.django_db
def test_opening_never_redirects_off_site(member_client, member):
    entry = _entry(member, url="https://evil.example/phish")
    response = member_client.get(reverse("notifications:open", args=[entry.pk]))
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.django_db
def test_another_users_notification_is_not_found_and_stays_unread(member_client, other_member):
    entry = _entry(other_member)
    for method in ("get", "post"):
        response = getattr(member_client, method)(reverse("notifications:open", args=[entry.pk]))
        assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.read_at is None


@pytest.mark.django_db
def test_mark_all_read_without_js_touches_only_own(member_client, member, other_member):
    mine = [_entry(member), _entry(member)]
    theirs = _entry(other_member)
    response = member_client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert all(Notification.objects.get(pk=e.pk).read_at for e in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.django_db
def test_mark_all_read_with_htmx_returns_the_list_and_clears_the_badge(member_client, member):
    _entry(member, "Fresh news")
    response = member_client.post(reverse("notifications:mark_all_read"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="notification-list"' in html and "Fresh news" in html
    assert "<html" not in html  # a fragment, not the page
    assert 'hx-swap-oob="true"' in html and "nav-count" not in html


@pytest.mark.django_db
def test_mark_all_read_refuses_get(member_client):
    assert member_client.get(reverse("notifications:mark_all_read")).status_code == 405


@pytest.mark.django_db
def test_navigation_shows_unread_count(member_client, member, other_member):
    _entry(member)
    _entry(member)
    _entry(member, read=True)
    _entry(other_member)
    html = member_client.get(reverse("notifications:preferences")).content.decode()
    assert 'aria-label="Notifications, 2 unread"' in html
    assert '<span class="nav-count" aria-hidden="true">2</span>' in html


@pytest.mark.django_db
def test_preferences_lists_kinds_and_saves_choices(member_client, member):
    response = member_client.get(reverse("notifications:preferences"))
    html = response.content.decode()
    assert "Test news" in html and "Test invoices" in html
    for name in ("email__", "app__"):
        tag = re.search(rf'<input[^>]*name="{name}notifications.test_views_mandatory"[^>]*>', html)
        assert "disabled" in tag.group() and "checked" in tag.group()
    response = member_client.post(
        reverse("notifications:preferences"), {"app__notifications.test_views": "on"}
    )
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=member, kind="notifications.test_views")
    assert (pref.by_email, pref.in_app) == (False, True)


@pytest.mark.django_db
def test_forged_post_cannot_turn_off_a_mandatory_kind(
    member_client, member, django_capture_on_commit_callbacks
):
    member_client.post(
        reverse("notifications:preferences"),
        {
            "email__notifications.test_views_mandatory": "",
            "app__notifications.test_views_mandatory": "false",
        },
    )
    assert not NotificationPreference.objects.filter(
        user=member, kind="notifications.test_views_mandatory", by_email=False
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        entry = notify(recipient=member, kind="notifications.test_views_mandatory")
    assert entry is not None and len(mail.outbox) == 1


@pytest.mark.django_db
def test_pages_speak_the_members_language(member_client, member):
    member.language = "fr"
    member.save(update_fields=["language"])
    _entry(member)
    _entry(member)
    html = member_client.get(reverse("notifications:list")).content.decode()
    assert "Tout marquer comme lu" in html
    assert 'aria-label="Notifications, 2 non lues"' in html
    html = member_client.get(reverse("notifications:preferences")).content.decode()
    assert "Préférences de notification" in html and "toujours envoyé" in html
