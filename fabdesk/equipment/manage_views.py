"""Staff pages that change a machine: its record, its status, its hours of use, its
documents, and the sheet of QR labels."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .catalogue_services import document_add, document_delete, machine_create, machine_update
from .forms import CatalogueFilterForm, DocumentForm, MachineForm, StatusForm, UsageForm
from .labels import labels_pdf
from .models import MachineDocument
from .permissions import machine_get_for_staff
from .selectors import machines_for_labels
from .services import machine_correct_usage, machine_set_status
from .views import machine_page_context


@staff_required
def machine_new(request):
    form = MachineForm(request.POST or None, request.FILES or None, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        try:
            machine = machine_create(
                actor=request.user, lab=request.lab, data=form.service_data(changed_only=False)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The machine “%(name)s” is added.") % {"name": machine})
            return redirect("equipment:machine_detail", machine.pk)
    return render(request, "equipment/machine_form.html", {"form": form, "machine": None})


@staff_required
def machine_edit(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    form = MachineForm(
        request.POST or None, request.FILES or None, instance=machine, lab=request.lab
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data(changed_only=True)
        machine.refresh_from_db()  # the form wrote to it; the service applies the changes
        try:
            machine_update(actor=request.user, machine=machine, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The machine “%(name)s” is saved.") % {"name": machine})
            return redirect("equipment:machine_detail", machine.pk)
    return render(request, "equipment/machine_form.html", {"form": form, "machine": machine})


def _machine_page(request, machine, **forms):
    context = machine_page_context(request, machine, **forms)
    return render(request, "equipment/machine_detail.html", context)


@staff_required
@require_POST
def machine_status(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            machine = machine_set_status(actor=request.user, machine=machine, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(machine)s is now: %(status)s.")
                % {"machine": machine, "status": machine.get_status_display()},
            )
            return redirect("equipment:machine_detail", machine.pk)
    return _machine_page(request, machine, status_form=form)


@staff_required
@require_POST
def machine_usage(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    form = UsageForm(request.POST)
    if form.is_valid():
        try:
            machine_correct_usage(actor=request.user, machine=machine, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The hours of use are corrected."))
            return redirect("equipment:machine_detail", machine.pk)
    return _machine_page(request, machine, usage_form=form)


@staff_required
def document_new(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_add(actor=request.user, machine=machine, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The document is added."))
            return redirect("equipment:machine_detail", machine.pk)
    return render(request, "equipment/document_form.html", {"form": form, "machine": machine})


@staff_required
@require_POST
def document_remove(request, machine_id: int, document_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    document = get_object_or_404(MachineDocument, pk=document_id, machine=machine)
    document_delete(actor=request.user, document=document)
    messages.success(request, _("The document “%(title)s” is deleted.") % {"title": document})
    return redirect("equipment:machine_detail", machine.pk)


@staff_required
def machine_labels(request):
    """An A4 sheet of QR labels: the machines picked (?machine=1&machine=2), else those of
    the catalogue's filters (?space=, ?category=, ?status=)."""
    form = CatalogueFilterForm(request.GET or None, lab=request.lab)
    picked = [int(v) for v in request.GET.getlist("machine") if v.isdigit()]
    machines = list(machines_for_labels(lab=request.lab, machine_ids=picked, **form.filters()))
    if not machines:
        messages.warning(request, _("No machine matches: there is no label to print."))
        return redirect("equipment:machine_list")
    response = HttpResponse(labels_pdf(lab=request.lab, machines=machines), "application/pdf")
    response["Content-Disposition"] = 'inline; filename="machine-labels.pdf"'
    return response
