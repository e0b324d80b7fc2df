"""Incident pages: report a problem (from a machine's page or its QR label), follow one's own
reports, and the staff's repair tickets. Views parse input, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.permissions import machine_get
from fabdesk.equipment.selectors import machine_list

from .forms import (
    CloseForm,
    CommentForm,
    FilterForm,
    PartForm,
    ReportForm,
    ResolveForm,
    StaffCommentForm,
    StepForm,
    WorkForm,
)
from .models import Incident, IncidentStatus
from .permissions import can_handle_incidents, incident_get
from .selectors import (
    incident_comments_for,
    incident_costs,
    incident_counts,
    incident_list,
    incidents_of_reporter,
)
from .services import (
    can_offer_back_in_service,
    incident_comment_add,
    incident_part_add,
    incident_part_remove,
    incident_report,
    incident_transition,
    incident_work_add,
    incident_work_remove,
)

PAGE_SIZE = 50


# --- reporting -----------------------------------------------------------------------------


@login_required
def incident_report_view(request, machine_id: int):
    machine = machine_get(lab=request.user.lab, machine_id=machine_id)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_report(
                reporter=request.user,
                machine=machine,
                description=form.cleaned_data["description"],
                photo=form.cleaned_data["photo"] or None,
                unusable=form.cleaned_data["unusable"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Thank you: your report is sent to the lab's staff. Follow it here.")
            )
            return redirect("incidents:detail", incident.pk)
    context = {
        "machine": machine,
        "form": form,
        "suspended": request.user.is_suspended,
        "retired": machine.status == MachineStatus.RETIRED,
    }
    return render(request, "incidents/report.html", context)


@login_required
def incident_mine(request):
    incidents = incidents_of_reporter(reporter=request.user)
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


# --- one ticket ----------------------------------------------------------------------------


def _detail_page(request, incident: Incident, **forms):
    staff = can_handle_incidents(request.user, incident.lab_id)
    offer = staff and incident.is_open and can_offer_back_in_service(incident)
    context = {
        "incident": incident,
        "staff": staff,
        "events": incident.events.select_related("actor"),
        "comments": incident_comments_for(incident=incident, staff=staff),
        "comment_form": forms.get("comment_form")
        or (StaffCommentForm() if staff else CommentForm()),
    }
    if staff:
        context.update(incident_costs(incident))
        context.update(
            can_acknowledge=incident.status == IncidentStatus.REPORTED,
            can_start_repair=incident.status
            in (IncidentStatus.REPORTED, IncidentStatus.ACKNOWLEDGED),
            step_form=forms.get("step_form") or StepForm(),
            resolve_form=forms.get("resolve_form") or ResolveForm(offer_back_in_service=offer),
            close_form=forms.get("close_form") or CloseForm(offer_back_in_service=offer),
            part_form=forms.get("part_form") or PartForm(),
            work_form=forms.get("work_form") or WorkForm(),
        )
    return render(request, "incidents/detail.html", context)


@login_required
def incident_detail(request, incident_id: int):
    return _detail_page(request, incident_get(viewer=request.user, incident_id=incident_id))


@login_required
def incident_photo(request, incident_id: int):
    """The photo, only for those who may see the ticket (a photo of the lab may show people)."""
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    if not incident.photo:
        raise Http404
    response = FileResponse(incident.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


FORMS_BY_STATUS = {
    IncidentStatus.RESOLVED: ("resolve_form", ResolveForm),
    IncidentStatus.CLOSED: ("close_form", CloseForm),
}
DONE_MESSAGES = {
    IncidentStatus.ACKNOWLEDGED: gettext_lazy("The ticket is acknowledged."),
    IncidentStatus.IN_REPAIR: gettext_lazy("The repair has started."),
    IncidentStatus.RESOLVED: gettext_lazy("The ticket is resolved."),
    IncidentStatus.CLOSED: gettext_lazy("The ticket is closed."),
}


@login_required
@require_POST
def incident_status(request, incident_id: int):
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    status = request.POST.get("status", "")
    name, form_class = FORMS_BY_STATUS.get(status, ("step_form", StepForm))
    kwargs = {}
    if form_class is not StepForm:
        kwargs["offer_back_in_service"] = "back_in_service" in request.POST or (
            incident.is_open and can_offer_back_in_service(incident)
        )
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            incident = incident_transition(
                actor=request.user,
                incident=incident,
                status=status,
                note=form.cleaned_data["note"],
                back_in_service=form.cleaned_data.get("back_in_service", False),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, str(DONE_MESSAGES[status]))
            if incident.machine.status == MachineStatus.IN_SERVICE and form.cleaned_data.get(
                "back_in_service"
            ):
                messages.success(request, _("The machine is back in service."))
            return redirect("incidents:detail", incident.pk)
    if not can_handle_incidents(request.user, incident.lab_id):
        messages.error(request, _("Only the lab's staff can handle repair tickets."))
        return redirect("incidents:detail", incident.pk)
    if name == "step_form":
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("incidents:detail", incident.pk)
    return _detail_page(request, incident, **{name: form})


def _staff_action(request, incident_id: int, form_class, action, done: str, form_name: str):
    """Parse a staff form posted on a ticket, call `action(incident, data)`, and come back."""
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(incident, form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("incidents:detail", incident.pk)
    if not can_handle_incidents(request.user, incident.lab_id):
        messages.error(request, _("Only the lab's staff can handle repair tickets."))
        return redirect("incidents:detail", incident.pk)
    return _detail_page(request, incident, **{form_name: form})


@login_required
@require_POST
def incident_comment(request, incident_id: int):
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    staff = can_handle_incidents(request.user, incident.lab_id)
    form = (StaffCommentForm if staff else CommentForm)(request.POST)
    if form.is_valid():
        try:
            incident_comment_add(
                author=request.user,
                incident=incident,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect("incidents:detail", incident.pk)
    return _detail_page(request, incident, comment_form=form)


@login_required
@require_POST
def incident_part(request, incident_id: int):
    def add(incident, data):
        incident_part_add(actor=request.user, incident=incident, **data)

    return _staff_action(request, incident_id, PartForm, add, _("The part is added."), "part_form")


@login_required
@require_POST
def incident_work(request, incident_id: int):
    def add(incident, data):
        incident_work_add(actor=request.user, incident=incident, **data)

    return _staff_action(request, incident_id, WorkForm, add, _("The time is added."), "work_form")


@login_required
@require_POST
def incident_remove_line(request, incident_id: int):
    """Remove a part (`part`) or a time entry (`work`) put on the ticket by mistake."""
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    try:
        if request.POST.get("part", "").isdigit():
            incident_part_remove(
                actor=request.user, incident=incident, part_id=int(request.POST["part"])
            )
        elif request.POST.get("work", "").isdigit():
            incident_work_remove(
                actor=request.user, incident=incident, work_id=int(request.POST["work"])
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The line is removed."))
    return redirect("incidents:detail", incident.pk)


# --- the staff's list ----------------------------------------------------------------------


@staff_required
def incident_list_view(request):
    lab = request.user.lab
    machines = machine_list(lab=lab, include_retired=True)
    form = FilterForm(request.GET or None, machines=machines)
    incidents = incident_list(lab=lab, **form.filters())
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "counts": incident_counts(lab=lab)}
    return render(request, "incidents/list.html", context)
