"""The printable attendance sheet of a session: A4, the lab, the training, the date, the
trainer and the place, then one row per member enrolled with a column to sign, and blank rows
for walk-ins. Printed in the language of the person printing it."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Enrolment, TrainingSession
from .session_selectors import session_roster

BLANK_ROWS = 4


def sheet_html(*, session: TrainingSession) -> str:
    enrolled = [e for e in session_roster(session=session) if e.status == Enrolment.Status.ENROLLED]
    tz = session.training.lab.tzinfo
    context = {
        "session": session,
        "lab": session.training.lab,
        "starts": timezone.localtime(session.starts_at, tz),
        "ends": timezone.localtime(session.ends_at, tz),
        "enrolled": enrolled,
        "blank_rows": range(BLANK_ROWS),
    }
    return render_to_string("training/attendance/sheet.html", context)


def sheet_pdf(*, session: TrainingSession) -> bytes:
    from weasyprint import HTML  # heavy import, only when a sheet is printed

    return HTML(string=sheet_html(session=session)).write_pdf()
