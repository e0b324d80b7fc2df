"""Event types, a list the lab's staff keep (workshop, open day, repair café…): their
names, colours and order, and which are still offered."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .models import EventType
from .services import event_type_create, event_type_update
from .staff_access import staff_event_type
from .staff_forms import EventTypeForm


@staff_required
def type_list(request):
    form = EventTypeForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            event_type = event_type_create(
                actor=request.user, lab=request.lab, name=data["name"],
                colour=data["colour"], position=data["position"],
            )  # fmt: skip
            if not data["is_active"]:
                event_type_update(actor=request.user, event_type=event_type, is_active=False)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The type “%(name)s” is added.") % {"name": event_type})
            return redirect("events:staff_types")
    types = EventType.objects.filter(lab=request.lab)
    return render(request, "events/staff/types.html", {"form": form, "types": types})


@staff_required
def type_edit(request, type_id: int):
    event_type = staff_event_type(request, type_id)
    form = EventTypeForm(request.POST or None, instance=event_type)
    if request.method == "POST" and form.is_valid():
        try:
            event_type_update(actor=request.user, event_type=event_type, **form.service_data())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The type is saved."))
            return redirect("events:staff_types")
    return render(request, "events/staff/type_form.html", {"form": form, "event_type": event_type})
