"""The "Training needed" section of a machine's page: the trainings that unlock it with their
next sessions and, for a member of the lab, their own answer from the one certification
check. Nothing is shown for a machine no training unlocks."""

from .certification_check import certification_check, trainings_unlocking
from .selectors import sessions_upcoming


def machine_section_context(request, machine) -> dict | None:
    user = request.user
    member_of_lab = user.is_authenticated and user.lab_id == machine.lab_id
    if member_of_lab:
        check = certification_check(member=user, machine=machine)
        trainings = check.trainings
    else:
        check, trainings = None, list(trainings_unlocking(machine))
    if not trainings:
        return None
    sessions = sessions_upcoming(trainings=trainings)
    return {
        "trainings": [(t, sessions.get(t.pk, [])) for t in trainings],
        "check": check,
    }
