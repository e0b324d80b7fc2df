"""The member's home: what the lab has to tell them, and their membership at a glance."""

import pytest

from fabdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_home_shows_membership_and_unread_news(member_client, member, default_group):
    for n in range(7):
        Notification.objects.create(
            recipient=member, kind="notifications.message", title=f"News {n}"
        )
    Notification.objects.filter(title="News 0").update(read_at="2026-01-01T00:00Z")
    page = member_client.get("/").content.decode()
    assert "My membership" in page and default_group.name in page
    assert "New for you" in page
    shown = [n for n in range(7) if f"News {n}<" in page]
    assert len(shown) == 5 and 0 not in shown  # the five latest unread
    assert "See all my notifications" in page


def test_no_news_panel_once_everything_is_read(member_client, member):
    Notification.objects.create(
        recipient=member, kind="notifications.message", title="Old", read_at="2026-01-01T00:00Z"
    )
    page = member_client.get("/").content.decode()
    assert "New for you" not in page


def test_home_costs_the_same_with_many_notifications(
    member_client, member, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind="notifications.message", title=f"N{n}")
        for n in range(50)
    )
    with django_assert_max_num_queries(12):
        assert member_client.get("/").status_code == 200
