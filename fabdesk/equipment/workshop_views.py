"""Staff pages for the workshop's machine categories and spaces."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .catalogue_services import (
    category_create,
    category_delete,
    category_move,
    category_update,
    space_create,
    space_delete,
    space_update,
)
from .forms import CategoryForm, SpaceForm
from .models import MachineCategory
from .permissions import space_get
from .selectors import category_list as select_categories


def _category(request, category_id: int) -> MachineCategory:
    return get_object_or_404(MachineCategory, pk=category_id, lab=request.lab)


@staff_required
def category_list(request):
    categories = select_categories(lab=request.lab).order_by("position", "name")
    return render(request, "equipment/category_list.html", {"categories": categories})


@staff_required
def category_form(request, category_id: int | None = None):
    category = _category(request, category_id) if category_id else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if category is None:
                category_create(actor=request.user, lab=request.lab, **data)
            else:
                category.refresh_from_db()  # the form wrote to it; the service applies them
                category_update(actor=request.user, category=category, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("The category “%(name)s” is saved.") % {"name": data["name"]}
            )
            return redirect("equipment:category_list")
    return render(request, "equipment/category_form.html", {"form": form, "category": category})


@staff_required
@require_POST
def category_remove(request, category_id: int):
    category = _category(request, category_id)
    try:
        category_delete(actor=request.user, category=category)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The category “%(name)s” is deleted.") % {"name": category})
    return redirect("equipment:category_list")


@staff_required
@require_POST
def category_reorder(request, category_id: int):
    category = _category(request, category_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    category_move(actor=request.user, category=category, offset=offset)
    return redirect("equipment:category_list")


@staff_required
def space_form(request, space_id: int | None = None):
    space = space_get(lab=request.lab, space_id=space_id) if space_id else None
    form = SpaceForm(request.POST or None, request.FILES or None, instance=space)
    if request.method == "POST" and form.is_valid():
        try:
            if space is None:
                space = space_create(
                    actor=request.user, lab=request.lab, data=form.service_data(changed_only=False)
                )
            else:
                data = form.service_data(changed_only=True)
                space.refresh_from_db()  # the form wrote to it; the service applies them
                space_update(actor=request.user, space=space, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The space “%(name)s” is saved.") % {"name": space})
            return redirect("equipment:space_detail", space.pk)
    return render(request, "equipment/space_form.html", {"form": form, "space": space})


@staff_required
@require_POST
def space_remove(request, space_id: int):
    space = space_get(lab=request.lab, space_id=space_id)
    try:
        space_delete(actor=request.user, space=space)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("equipment:space_detail", space.pk)
    messages.success(request, _("The space “%(name)s” is deleted.") % {"name": space})
    return redirect("equipment:space_list")
