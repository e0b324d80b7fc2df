"""One event for the staff: its figures and registrations (a course session shows the
course's), adding someone, validating, moving and cancelling registrations, and the
attendee list as CSV."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .export import attendees_csv_response
from .links import absolute, event_path
from .models import Event, RegistrationStatus
from .notices import registration_pool
from .registration_services import (
    registration_cancel,
    registration_create,
    registration_move,
    registration_validate,
)
from .seats import pool_of, rules_event
from .staff_access import staff_event, staff_registration
from .staff_registration_forms import AddRegistrationForm, CancelRegistrationForm, MoveForm
from .staff_selectors import move_targets, pool_registrations


def _add_form(request, pool, data=None) -> AddRegistrationForm:
    return AddRegistrationForm(
        data, lab=request.lab, tickets=pool.categories.order_by("-is_active", "position", "pk")
    )


def _event_page(request, event: Event, *, form=None):
    pool = pool_of(event)
    registrations = pool_registrations(pool)
    live = [r for r in registrations if r.status != RegistrationStatus.CANCELLED]
    context = {
        "event": event,
        "pool": pool,
        "course": pool if pool is not event else None,
        "sessions": list(pool.events.order_by("starts_at", "pk")) if pool is not event else [],
        "registrations": live,
        "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
        "tickets": list(pool.categories.order_by("position", "pk")),
        "form": form or _add_form(request, pool),
        "public_path": event_path(event),
        "share_url": absolute(event_path(event)),
        "movable": pool is event,
        "now": timezone.now(),
    }
    return render(request, "events/staff/event.html", context)


@staff_required
def event_manage(request, event_id: int):
    return _event_page(request, staff_event(request, event_id))


@staff_required
@require_POST
def registration_add(request, event_id: int):
    event = staff_event(request, event_id)
    form = _add_form(request, pool_of(event), request.POST)
    if not form.is_valid():
        return _event_page(request, event, form=form)
    data = form.cleaned_data
    member = data["member"]
    try:
        registration = registration_create(
            actor=request.user,
            event=event,
            category=data["category"],
            seats=data["seats"],
            member=member,
            name="" if member else data["name"],
            email="" if member else data["email"],
            note=data["note"],
            language=request.LANGUAGE_CODE,
        )
    except DomainError as exc:
        form_error(form, exc)
        return _event_page(request, event, form=form)
    messages.success(
        request,
        _("%(name)s is added: %(status)s.")
        % {"name": registration.name, "status": registration.get_status_display()},
    )
    return redirect("events:staff_event", event.pk)


def _back(request, registration):
    """Back to the page the action came from, else the event's (a course's first session)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    event = rules_event(registration_pool(registration))
    if event is None:
        return redirect("events:staff_list")
    return redirect("events:staff_event", event.pk)


@staff_required
@require_POST
def registration_validate_view(request, registration_id: int):
    registration = staff_registration(request, registration_id)
    try:
        registration_validate(actor=request.user, registration=registration)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(name)s is validated.") % {"name": registration.name})
    return _back(request, registration)


@staff_required
@require_POST
def registration_cancel_view(request, registration_id: int):
    registration = staff_registration(request, registration_id)
    form = CancelRegistrationForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        registration_cancel(actor=request.user, registration=registration, reason=reason)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        )
    return _back(request, registration)


@staff_required
def registration_move_view(request, registration_id: int):
    registration = staff_registration(request, registration_id)
    source = registration_pool(registration)
    if not isinstance(source, Event):
        messages.error(request, _("A course registration cannot be moved."))
        return _back(request, registration)
    form = MoveForm(request.POST or None, targets=move_targets(lab=request.lab, event=source))
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_event"]
        try:
            moved = registration_move(
                actor=request.user, registration=registration, to_event=target
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is moved to “%(event)s”: %(status)s.")
                % {"name": moved.name, "event": target.title,
                   "status": moved.get_status_display()},
            )  # fmt: skip
            return redirect("events:staff_event", source.pk)
    context = {"form": form, "registration": registration, "event": source}
    return render(request, "events/staff/move.html", context)


@staff_required
def attendees_csv(request, event_id: int):
    event = staff_event(request, event_id)
    return attendees_csv_response(event)
