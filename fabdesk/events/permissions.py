"""Who may see and manage events. The lab's staff manage them; a public published event is
for everyone; a private one for those who have its link, the invited members and its
trainers; a draft only for staff."""

import secrets

from django.http import Http404

from fabdesk.members.permissions import is_staff

from .models import Event, EventStatus


def can_manage_events(user, lab_id: int) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and is_staff(user)
        and (user.lab_id == lab_id)
    )


def token_matches(event: Event, token: str) -> bool:
    return bool(token) and secrets.compare_digest(str(token), event.secret_token)


def can_view_event(user, event: Event, *, token: str = "") -> bool:
    if can_manage_events(user, event.lab_id):
        return True
    if event.status == EventStatus.DRAFT:
        return False
    if event.is_public or token_matches(event, token):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return event.invited.filter(pk=user.pk).exists() or event.trainers.filter(pk=user.pk).exists()


def event_get_for_viewer(*, user, event_id: int, token: str = "") -> Event:
    """The event if this person may see it, else 404 (a private event does not exist for
    those without its link)."""
    event = (
        Event.objects.select_related("lab", "event_type", "space", "series")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not can_view_event(user, event, token=token):
        raise Http404
    return event
