"""The member home's "news for me" panel: the latest unread notifications."""

from fabdesk.core.panels import register_panel

from .selectors import notification_list_for

SHOWN = 5


def unread_panel(request) -> dict | None:
    unread = list(notification_list_for(request.user).filter(read_at__isnull=True)[: SHOWN + 1])
    if not unread:
        return None
    return {"notifications": unread[:SHOWN], "more": len(unread) > SHOWN}


def register() -> None:
    register_panel(
        page="member_home",
        template="notifications/panels/unread.html",
        context=unread_panel,
        order=10,
    )
