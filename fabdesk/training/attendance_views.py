"""Attendance, on a phone in the room: one big choice per member, saved with one button (or
row by row with htmx); and the printable sheet to sign."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError

from .attendance_services import attendance_record
from .attendance_sheet import sheet_pdf
from .models import Enrolment
from .session_forms import AttendanceForm
from .session_permissions import can_lead, session_get
from .session_selectors import session_roster


def _led_session(request, session_id: int):
    """The session, for its trainer and the lab's staff only."""
    session = session_get(lab=request.lab, session_id=session_id)
    if not can_lead(request.user, session):
        raise PermissionDenied
    return session


def _enrolled(session):
    return [e for e in session_roster(session=session) if e.status == Enrolment.Status.ENROLLED]


def attendance(request, session_id: int):
    """GET: the list. POST: every row at once (the Save button), or one row (htmx, sent as
    soon as a choice is tapped; answers that row again, saved or with the refusal)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = _led_session(request, session_id)
    enrolled = _enrolled(session)
    form = AttendanceForm(request.POST or None, enrolments=enrolled)
    error, granted = None, []
    if request.method == "POST" and form.is_valid():
        try:
            granted = attendance_record(
                actor=request.user, session=session, outcomes=form.outcomes()
            )
        except DomainError as exc:
            error = str(exc.message)
    if request.method == "POST" and request.htmx:
        return _one_row(request, session, form, error)
    if request.method == "POST" and error is None and form.is_valid():
        messages.success(request, _("Attendance saved."))
        if granted:
            messages.success(
                request, _("Certifications granted: %(count)d.") % {"count": len(granted)}
            )
        return redirect("training:attendance", session.pk)
    context = {
        "session": session,
        "rows": [(e, form[f"outcome_{e.pk}"]) for e in enrolled],
        "not_held": session.starts_at > timezone.now(),
        "error": error,
    }
    return render(request, "training/attendance/page.html", context)


def _one_row(request, session, form, error):
    outcomes = form.outcomes() if form.is_valid() else {}
    enrolment = next((e for e in _enrolled(session) if e.pk in outcomes), None)
    if enrolment is None:
        return HttpResponse(status=204)
    fresh = AttendanceForm(enrolments=[enrolment])  # what is saved, after success or refusal
    context = {
        "session": session,
        "enrolment": enrolment,
        "field": fresh[f"outcome_{enrolment.pk}"],
        "saved": error is None,
        "row_error": error,
    }
    return render(request, "training/attendance/page.html#row", context)


def sheet(request, session_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = _led_session(request, session_id)
    response = HttpResponse(sheet_pdf(session=session), content_type="application/pdf")
    filename = f"attendance-{session.training.slug}-{session.starts_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
