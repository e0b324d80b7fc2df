"""The public side of the agenda: the list of upcoming events, an event's page (seats left,
tickets, registering), a private event by its secret link, the attendee's links from their
mails (confirm the address, see or cancel the registration), and "my registrations".
Views parse input, call one service, render."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.core.money import money_format

from .forms import AgendaFilterForm, CancelForm, RegisterForm
from .links import event_path, manage_path
from .models import Audience, Event, RegistrationStatus
from .notices import cancel_deadline, sessions_of
from .permissions import can_manage_events, event_get_for_viewer, token_matches
from .registration_rules import window_refusal
from .registration_services import (
    registration_cancel,
    registration_confirm_email,
    registration_create,
    registration_get_by_link,
)
from .seats import pool_of, rules_event, seats_left, waitlist_count
from .selectors import agenda as select_agenda
from .selectors import live_registration, member_registrations, tickets_on_sale
from .waitlist import waitlist_position


def agenda(request):
    form = AgendaFilterForm(request.GET or None, lab=request.lab)
    events = select_agenda(lab=request.lab, **form.filters())
    template = "events/agenda.html"
    if request.htmx and not request.htmx.boosted:
        template += "#agenda-list"
    return render(request, template, {"form": form, "events": events})


def _register_form(request, pool, tickets, data=None, *, access: str = "") -> RegisterForm:
    """The form offers a visitor the tickets they may take (not the members' price)."""
    currency = pool.lab.currency
    if not request.user.is_authenticated:
        tickets = [ticket for ticket in tickets if ticket.audience != Audience.MEMBER]
    return RegisterForm(
        data,
        tickets=tickets,
        currency_format=partial(money_format, currency=currency),
        visitor=not request.user.is_authenticated,
        initial={"access": access},
    )


def _event_page(request, event: Event, *, access: str = "", form=None, status: int = 200):
    pool = pool_of(event)
    rules = rules_event(pool) or event
    user, now = request.user, timezone.now()
    staff = can_manage_events(user, event.lab_id)
    tickets = tickets_on_sale(pool)
    mine = None
    if user.is_authenticated:
        mine = live_registration(pool=pool, email=user.email)
    refusal = window_refusal(rules=rules, now=now, staff=False)
    if refusal is None and not tickets:
        refusal = DomainError(_("Registration is not open yet."), code="no_ticket")
    elif (
        refusal is None
        and not user.is_authenticated
        and all(ticket.audience == Audience.MEMBER for ticket in tickets)
    ):
        refusal = DomainError(
            _("This event is for the lab's members: log in to register."), code="members_only"
        )
    context = {
        "event": event,
        "pool": pool,
        "course": pool if pool is not event else None,
        "sessions": sessions_of(pool) if pool is not event else [],
        "rules": rules,
        "tickets": tickets,
        "seats_left": seats_left(pool),
        "waitlist_count": waitlist_count(pool),
        "mine": mine,
        "position": waitlist_position(mine) if mine else None,
        "mine_link": manage_path(mine) if mine else "",
        "deadline": cancel_deadline(rules),
        "refusal": refusal,
        "staff": staff,
        "access": access,
        "form": form
        or (_register_form(request, pool, tickets, access=access) if not refusal else None),
        "machines": list(event.machines.all()),
        "trainers": list(event.trainers.all()),
    }
    return render(request, "events/detail.html", context, status=status)


def event_detail(request, event_id: int, slug: str = ""):
    event = event_get_for_viewer(user=request.user, event_id=event_id)
    if event.is_public and slug != event.slug and event.slug:
        return redirect(event_path(event), permanent=False)
    return _event_page(request, event)


def event_private(request, token: str):
    event = (
        Event.objects.select_related("lab", "event_type", "space", "series")
        .filter(secret_token=token)
        .first()
    )
    if event is None or (
        event.status == Event.Status.DRAFT and not can_manage_events(request.user, event.lab_id)
    ):
        raise Http404
    return _event_page(request, event, access=token)


@require_POST
def event_register(request, event_id: int):
    access = request.POST.get("access", "")
    event = event_get_for_viewer(user=request.user, event_id=event_id, token=access)
    pool = pool_of(event)
    tickets = tickets_on_sale(pool)
    form = _register_form(request, pool, tickets, request.POST, access=access)
    if not form.is_valid():
        return _event_page(request, event, access=access, form=form)
    data = form.cleaned_data
    visitor = not request.user.is_authenticated
    try:
        registration = registration_create(
            actor=request.user if not visitor else None,
            event=event,
            category=form.ticket(),
            seats=data["seats"],
            name=data.get("name", ""),
            email=data.get("email", ""),
            language=request.LANGUAGE_CODE,
            access_token=access if token_matches(event, access) else "",
        )
    except DomainError as exc:
        form_error(form, exc)
        return _event_page(request, event, access=access, form=form)
    if registration.status == RegistrationStatus.PENDING_CONFIRMATION:
        return render(request, "events/check_mailbox.html", {"registration": registration,
                                                               "event": event})  # fmt: skip
    messages.success(request, _status_message(registration))
    return redirect(manage_path(registration))


def _status_message(registration) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("You are registered: the confirmation is in your mailbox."),
        RegistrationStatus.PENDING_VALIDATION: _(
            "Your registration is received: the lab validates it and will write to you."
        ),
        RegistrationStatus.WAITLISTED: _(
            "The event is full: you are on the waitlist. We will write to you if seats free up."
        ),
    }.get(registration.status, "")


def _refused_link(request, exc: DomainError):
    return render(request, "events/link_refused.html", {"message": exc.message}, status=400)


def registration_confirm(request, link: str):
    try:
        registration = registration_confirm_email(link=link)
    except DomainError as exc:
        return _refused_link(request, exc)
    message = _status_message(registration)
    if message:
        messages.success(request, message)
    return redirect(manage_path(registration))


def registration_manage(request, link: str):
    try:
        registration = registration_get_by_link(link=link)
    except DomainError as exc:
        return _refused_link(request, exc)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_cancel(actor=request.user, link=link)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect(request.path)
        registration.refresh_from_db()
    pool = registration.series or registration.event
    rules = rules_event(pool)
    context = {
        "registration": registration,
        "pool": pool,
        "event": rules,
        "sessions": sessions_of(pool),
        "deadline": cancel_deadline(rules) if rules else None,
        "position": waitlist_position(registration),
        "form": form,
        "can_cancel": registration.status != RegistrationStatus.CANCELLED
        and rules is not None
        and rules.starts_at > timezone.now(),
    }
    return render(request, "events/registration.html", context)


@login_required
def my_registrations(request):
    now = timezone.now()
    rows = []
    for registration in member_registrations(member=request.user):
        pool = registration.series or registration.event
        rules = rules_event(pool)
        rows.append(
            {
                "registration": registration,
                "event": rules,
                "title": pool.title,
                "link": manage_path(registration),
                "upcoming": rules is not None and rules.ends_at > now,
            }
        )
    upcoming = [row for row in rows if row["upcoming"]]
    past = [row for row in rows if not row["upcoming"]]
    upcoming.sort(key=lambda row: row["event"].starts_at)
    return render(request, "events/mine.html", {"upcoming": upcoming, "past": past})
