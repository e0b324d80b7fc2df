"""The public workshop pages: the machine catalogue, a machine's page, the spaces. Anyone may
read them, visitors included; staff see more on the same pages (notes, hours, timeline)."""

from django.shortcuts import render

from .forms import CatalogueFilterForm, StatusForm, UsageForm
from .permissions import can_manage_equipment, machine_get, space_get
from .sections import sections_for, space_sections_for
from .selectors import machine_list as select_machines
from .selectors import space_list as select_spaces
from .timeline import machine_timeline

TIMELINE_SHOWN = 50


def machine_list(request):
    form = CatalogueFilterForm(request.GET or None, lab=request.lab)
    filters = form.filters()
    machines = select_machines(lab=request.lab, **filters)
    template = "equipment/machine_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#machine-cards"
    context = {
        "form": form,
        "machines": machines,
        "grouped": not filters["category_id"],
        "is_staff": can_manage_equipment(request.user),
    }
    return render(request, template, context)


def machine_page_context(request, machine, **forms) -> dict:
    """What the machine page shows; staff also get their forms and the timeline."""
    is_staff = can_manage_equipment(request.user)
    context = {
        "machine": machine,
        "documents": list(machine.documents.all()),
        "sections": sections_for(request, machine),
        "from_qr": request.GET.get("from") == "qr",
        "is_staff": is_staff,
    }
    if is_staff:
        context |= {
            "timeline": machine_timeline(machine, limit=TIMELINE_SHOWN),
            "status_form": forms.get("status_form")
            or StatusForm(initial={"status": machine.status, "reason": machine.status_reason}),
            "usage_form": forms.get("usage_form")
            or UsageForm(initial={"total_hours": machine.usage_hours}),
        }
    return context


def machine_detail(request, machine_id: int):
    machine = machine_get(lab=request.lab, machine_id=machine_id)
    return render(request, "equipment/machine_detail.html", machine_page_context(request, machine))


def space_list(request):
    spaces = select_spaces(lab=request.lab)
    return render(
        request,
        "equipment/space_list.html",
        {"spaces": spaces, "is_staff": can_manage_equipment(request.user)},
    )


def space_detail(request, space_id: int):
    space = space_get(lab=request.lab, space_id=space_id)
    machines = select_machines(lab=request.lab, space_id=space.pk)
    context = {
        "space": space,
        "machines": machines,
        "sections": space_sections_for(request, space),
        "is_staff": can_manage_equipment(request.user),
    }
    return render(request, "equipment/space_detail.html", context)
