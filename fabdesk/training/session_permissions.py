"""Who may do what with sessions: the lab's staff manage them; a session's trainer (staff or
a volunteer of the training) sees its list and takes its attendance."""

from django.http import Http404

from fabdesk.members.permissions import is_staff

from .models import TrainingSession


def can_manage_sessions(user, lab_id: int) -> bool:
    return is_staff(user) and user.lab_id == lab_id


def can_lead(user, session: TrainingSession) -> bool:
    """The session's trainer, or the lab's staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk == session.trainer_id or can_manage_sessions(user, session.training.lab_id)


def session_get(*, lab, session_id: int) -> TrainingSession:
    """A session of `lab` (the viewer's), or 404: another lab's sessions do not exist here."""
    try:
        return TrainingSession.objects.select_related(
            "training", "training__lab", "trainer", "space"
        ).get(pk=session_id, training__lab=lab)
    except TrainingSession.DoesNotExist:
        raise Http404 from None
