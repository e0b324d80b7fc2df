"""Tickets of an event, or of a course (whose one registration covers every session): add
one, change its price, limit or whether it is on sale. Registrations keep the price they
were made at."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .seats import pool_of, rules_event
from .services import ticket_category_create, ticket_category_update
from .staff_access import staff_event, staff_series, staff_ticket
from .staff_forms import TicketForm


def _tickets_page(request, *, event=None, series=None):
    form = TicketForm(request.POST or None, initial={"is_active": True, "max_seats": 1})
    if request.method == "POST" and form.is_valid():
        try:
            ticket_category_create(
                actor=request.user, event=event, series=series, **form.service_data()
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The ticket is added."))
            return redirect(request.path)
    owner = event if event is not None else series
    context = {
        "form": form,
        "event": event if event is not None else rules_event(series),
        "series": series,
        "tickets": owner.categories.order_by("position", "pk"),
    }
    return render(request, "events/staff/tickets.html", context)


@staff_required
def event_tickets(request, event_id: int):
    event = staff_event(request, event_id)
    pool = pool_of(event)
    if pool is not event:  # a course session: the course holds the tickets
        return redirect("events:staff_series_tickets", pool.pk)
    return _tickets_page(request, event=event)


@staff_required
def series_tickets(request, series_id: int):
    series = staff_series(request, series_id)
    if not series.is_course:  # a recurring event's dates each have their own tickets
        return redirect("events:staff_series", series.pk)
    return _tickets_page(request, series=series)


@staff_required
def ticket_edit(request, ticket_id: int):
    ticket = staff_ticket(request, ticket_id)
    form = TicketForm(request.POST or None, instance=ticket)
    back = (
        ("events:staff_tickets", ticket.event_id)
        if ticket.event_id
        else ("events:staff_series_tickets", ticket.series_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            ticket_category_update(actor=request.user, category=ticket, **form.service_data())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The ticket is saved."))
            return redirect(*back)
    return render(request, "events/staff/ticket_form.html", {"form": form, "ticket": ticket,
                                                             "back": back})  # fmt: skip
