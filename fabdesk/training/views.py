"""The training catalogue: public list and training pages (visitors included), the teaching
pack for those who may have it, and the staff's pages to add and change trainings."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.members.permissions import is_staff

from .forms import TrainingForm
from .selectors import (
    can_see_teaching_pack,
    price_group_id,
    sessions_upcoming,
    training_get,
    training_get_for_staff,
    training_list,
)
from .services import training_create, training_price_for, training_update


def _with_price_and_sessions(request, trainings: list) -> list:
    group_id = price_group_id(lab=request.lab, user=request.user)
    sessions = sessions_upcoming(trainings=trainings)
    for training in trainings:
        training.shown_price = training_price_for(training, group_id)
        training.next_sessions = sessions.get(training.pk, [])
    return trainings


def training_catalogue(request):
    staff = is_staff(request.user)
    trainings = list(training_list(lab=request.lab, include_inactive=staff))
    context = {"trainings": _with_price_and_sessions(request, trainings), "is_staff": staff}
    return render(request, "training/catalogue.html", context)


def training_detail(request, training_id: int):
    training = training_get(lab=request.lab, training_id=training_id, viewer=request.user)
    _with_price_and_sessions(request, [training])
    context = {
        "training": training,
        "is_staff": is_staff(request.user),
        "pack_visible": can_see_teaching_pack(request.user, training),
    }
    return render(request, "training/detail.html", context)


def training_teaching_pack(request, training_id: int):
    """The teaching pack PDF (or its link), for staff, trainers, and members who are enrolled
    or hold the certification; never a public file address."""
    training = training_get(lab=request.lab, training_id=training_id, viewer=request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_teaching_pack(request.user, training):
        raise PermissionDenied
    if training.teaching_pack:
        response = FileResponse(training.teaching_pack.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{training.slug}.pdf"'
        return response
    if training.teaching_pack_url:
        return redirect(training.teaching_pack_url)
    raise Http404


@staff_required
def training_new(request):
    form = TrainingForm(request.POST or None, request.FILES or None, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        try:
            training = training_create(
                actor=request.user, lab=request.lab, data=form.service_data(changed_only=False)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The training “%(title)s” is added.") % {"title": training})
            return redirect("training:detail", training.pk)
    return render(request, "training/training_form.html", {"form": form, "training": None})


@staff_required
def training_edit(request, training_id: int):
    training = training_get_for_staff(viewer=request.user, training_id=training_id)
    form = TrainingForm(
        request.POST or None, request.FILES or None, instance=training, lab=request.lab
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data(changed_only=True)
        training.refresh_from_db()  # the form wrote to it; the service applies the changes
        try:
            training_update(actor=request.user, training=training, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The training “%(title)s” is saved.") % {"title": training})
            return redirect("training:detail", training.pk)
    return render(request, "training/training_form.html", {"form": form, "training": training})
