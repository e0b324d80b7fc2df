from django import template

from fabdesk.notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """{% unread_notifications as count %}: the viewer's unread count (one indexed query)."""
    request = context.get("request")
    return notification_unread_count(getattr(request, "user", None))
