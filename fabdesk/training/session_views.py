"""Session pages: the agenda, a session (enrol in one click; its list for the trainer and
staff), scheduling and cancelling (staff), giving up a seat, and "my trainings"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .enrolment_services import (
    cancel_deadline,
    enrolment_cancel,
    enrolment_create,
    enrolment_refusal,
    waitlist_position,
)
from .models import Enrolment, Training, TrainingSession
from .session_forms import AddMemberForm, CancelForm, SessionForm
from .session_permissions import can_lead, can_manage_sessions, session_get
from .session_selectors import (
    enrolments_of_member,
    session_list,
    session_roster,
    waitlist_positions,
    with_counts,
)
from .session_services import SESSION_FIELDS, session_cancel, session_create, session_update

PAGE_SIZE = 50


def sessions(request):
    """Upcoming sessions of the lab (everyone); staff may look at past ones too."""
    past = request.GET.get("past") == "1" and can_manage_sessions(request.user, request.lab.pk)
    now = timezone.now()
    found = session_list(
        lab=request.lab,
        start=None if past else now,
        end=now if past else None,
        include_cancelled=past,
    )
    if past:
        found = found.reverse()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "past": past,
        "staff": can_manage_sessions(request.user, request.lab.pk),
    }
    return render(request, "training/sessions/list.html", context)


def session_detail(request, session_id: int):
    session = session_get(lab=request.lab, session_id=session_id)
    user, now = request.user, timezone.now()
    context = {
        "session": with_counts(TrainingSession.objects.filter(pk=session.pk)).get(),
        "can_lead": can_lead(user, session),
        "staff": can_manage_sessions(user, request.lab.pk),
        "started": session.starts_at <= now,
        "deadline": cancel_deadline(session),
    }
    if user.is_authenticated:
        mine = session.enrolments.filter(
            member=user, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
        ).first()
        context["mine"] = mine
        context["position"] = waitlist_position(mine) if mine else None
        context["refusal"] = (
            None if mine else enrolment_refusal(member=user, session=session, now=now)
        )
        context["can_cancel_mine"] = mine is not None and (
            mine.status == Enrolment.Status.WAITLISTED or now <= context["deadline"]
        )
    if context["can_lead"]:
        roster = list(session_roster(session=session))
        context["enrolled"] = [e for e in roster if e.status == Enrolment.Status.ENROLLED]
        context["waitlisted"] = [e for e in roster if e.status == Enrolment.Status.WAITLISTED]
        context["add_form"] = AddMemberForm(lab=request.lab)
    return render(request, "training/sessions/detail.html", context)


def _save_session(request, form, session=None):
    data = {name: form.cleaned_data.get(name) for name in SESSION_FIELDS}
    data["place"] = data["place"] or ""
    data["notes"] = data["notes"] or ""
    try:
        if session is None:
            return session_create(
                actor=request.user, training=form.cleaned_data["training"], **data
            )
        return session_update(actor=request.user, session=session, data=data)
    except DomainError as exc:
        form_error(form, exc)
        return None


@staff_required
def session_new(request):
    wanted = request.GET.get("training", "")
    training = (
        Training.objects.filter(lab=request.lab, pk=int(wanted)).first()
        if wanted.isdigit()
        else None
    )
    form = SessionForm(request.POST or None, lab=request.lab, training=training)
    if request.method == "POST" and form.is_valid():
        session = _save_session(request, form)
        if session is not None:
            messages.success(request, _("The session is scheduled."))
            return redirect("training:session_detail", session.pk)
    return render(request, "training/sessions/form.html", {"form": form})


@staff_required
def session_edit(request, session_id: int):
    session = session_get(lab=request.lab, session_id=session_id)
    form = SessionForm(request.POST or None, instance=session, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        session.refresh_from_db()
        if _save_session(request, form, session) is not None:
            messages.success(request, _("The session is saved."))
            return redirect("training:session_detail", session.pk)
    return render(request, "training/sessions/form.html", {"form": form, "session": session})


@staff_required
def session_cancel_view(request, session_id: int):
    session = session_get(lab=request.lab, session_id=session_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The session is cancelled; its members were told."))
            return redirect("training:session_detail", session.pk)
    return render(request, "training/sessions/cancel.html", {"form": form, "session": session})


@login_required
@require_POST
def session_enrol(request, session_id: int):
    session = session_get(lab=request.lab, session_id=session_id)
    try:
        enrolment = enrolment_create(actor=request.user, session=session, member=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if enrolment.status == Enrolment.Status.ENROLLED:
            messages.success(request, _("You are enrolled. See you there!"))
        else:
            messages.success(
                request,
                _("The session is full: you are number %(position)d on the waitlist.")
                % {"position": waitlist_position(enrolment)},
            )
    return redirect("training:session_detail", session.pk)


@staff_required
@require_POST
def session_add_member(request, session_id: int):
    session = session_get(lab=request.lab, session_id=session_id)
    form = AddMemberForm(request.POST, lab=request.lab)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [_("Check the address.")])))
        return redirect("training:session_detail", session.pk)
    member = form.cleaned_data["email"]
    try:
        enrolment = enrolment_create(actor=request.user, session=session, member=member)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(member)s is enrolled.") % {"member": member}
            if enrolment.status == Enrolment.Status.ENROLLED
            else _("The session is full: %(member)s is on the waitlist.") % {"member": member},
        )
    return redirect("training:session_detail", session.pk)


@login_required
@require_POST
def enrolment_cancel_view(request, enrolment_id: int):
    enrolment = (
        Enrolment.objects.select_related("session", "session__training")
        .filter(pk=enrolment_id, session__training__lab=request.lab)
        .first()
    )
    if enrolment is None:
        raise Http404
    try:
        enrolment_cancel(
            actor=request.user, enrolment=enrolment, reason=request.POST.get("reason", "")[:300]
        )
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The enrolment is cancelled."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("training:session_detail", enrolment.session_id)


@login_required
def my_trainings(request):
    """My upcoming seats (with the cancelling deadline), my place on waitlists, and the
    sessions I attended with their outcome."""
    now = timezone.now()
    enrolments = list(enrolments_of_member(member=request.user))
    live = [
        e
        for e in enrolments
        if e.status != Enrolment.Status.CANCELLED
        and e.session.ends_at > now
        and e.session.status == "scheduled"
    ]
    positions = waitlist_positions(session_ids=[e.session_id for e in live])
    for enrolment in live:
        enrolment.position = positions.get(enrolment.pk)
        enrolment.deadline = cancel_deadline(enrolment.session)
        enrolment.may_cancel = enrolment.position is not None or now <= enrolment.deadline
    past = [
        e
        for e in reversed(enrolments)
        if e.status == Enrolment.Status.ENROLLED and e.session.ends_at <= now
    ]
    cancelled = [e for e in reversed(enrolments) if e.status == Enrolment.Status.CANCELLED][:10]
    context = {"upcoming": live, "past": past, "cancelled": cancelled}
    return render(request, "training/sessions/mine.html", context)
