"""Staff pages of the print catalogue (/prints/catalogue/...): materials with their colours
and stock, print profiles (per printer or for any, one default), and the lab's print
settings with a rate per member group."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.members.models import MemberGroup

from .catalogue_forms import ColourForm, MaterialForm, ProfileForm, SettingsForm
from .catalogue_services import (
    colour_delete,
    colour_save,
    material_save,
    print_settings_save,
    profile_delete,
    profile_save,
)
from .models import Material, MaterialColour, PrintProfile, PrintSettings


def _material(request, material_id: int) -> Material:
    return get_object_or_404(Material, pk=material_id, lab=request.lab)


def _profile(request, profile_id: int) -> PrintProfile:
    return get_object_or_404(PrintProfile, pk=profile_id, lab=request.lab)


def _colour(request, colour_id: int) -> MaterialColour:
    return get_object_or_404(MaterialColour, pk=colour_id, material__lab=request.lab)


@staff_required
def material_list(request):
    materials = Material.objects.filter(lab=request.lab).prefetch_related("colours")
    return render(request, "fabrication/catalogue/materials.html", {"materials": materials})


@staff_required
def material_form(request, material_id: int | None = None):
    material = _material(request, material_id) if material_id else None
    form = MaterialForm(request.POST or None, instance=material, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        if material is not None:
            material.refresh_from_db()  # the form wrote to it; the service applies the changes
        try:
            saved = material_save(
                actor=request.user, lab=request.lab, material=material, data=form.service_data()
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The material “%(name)s” is saved.") % {"name": saved})
            return redirect("fabrication:material_edit", saved.pk)
    context = {
        "form": form,
        "material": material,
        "colour_form": ColourForm(prefix="colour"),
    }
    return render(request, "fabrication/catalogue/material_form.html", context)


@staff_required
@require_POST
def colour_add(request, material_id: int):
    material = _material(request, material_id)
    form = ColourForm(request.POST, prefix="colour", instance=MaterialColour(material=material))
    if form.is_valid():
        try:
            colour_save(actor=request.user, material=material, data=form.service_data())
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Colour added."))
    else:
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
    return redirect("fabrication:material_edit", material.pk)


@staff_required
@require_POST
def colour_stock(request, colour_id: int):
    colour = _colour(request, colour_id)
    in_stock = request.POST.get("in_stock") == "1"
    colour_save(actor=request.user, material=colour.material, colour=colour,
                data={"in_stock": in_stock})  # fmt: skip
    if in_stock:
        messages.success(request, _("“%(name)s” is in stock.") % {"name": colour.name})
    else:
        messages.success(request, _("“%(name)s” is out of stock.") % {"name": colour.name})
    return redirect("fabrication:material_edit", colour.material_id)


@staff_required
@require_POST
def colour_remove(request, colour_id: int):
    colour = _colour(request, colour_id)
    material_id = colour.material_id
    colour_delete(actor=request.user, colour=colour)
    messages.success(request, _("Colour removed."))
    return redirect("fabrication:material_edit", material_id)


@staff_required
def profile_list(request):
    profiles = PrintProfile.objects.filter(lab=request.lab).select_related("printer")
    return render(request, "fabrication/catalogue/profiles.html", {"profiles": profiles})


@staff_required
def profile_form(request, profile_id: int | None = None):
    profile = _profile(request, profile_id) if profile_id else None
    form = ProfileForm(request.POST or None, instance=profile, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        if profile is not None:
            profile.refresh_from_db()
        try:
            saved = profile_save(
                actor=request.user, lab=request.lab, profile=profile, data=form.service_data()
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The profile “%(name)s” is saved.") % {"name": saved})
            return redirect("fabrication:profiles")
    context = {"form": form, "profile": profile}
    return render(request, "fabrication/catalogue/profile_form.html", context)


@staff_required
@require_POST
def profile_remove(request, profile_id: int):
    profile = _profile(request, profile_id)
    try:
        profile_delete(actor=request.user, profile=profile)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The profile “%(name)s” is deleted.") % {"name": profile})
    return redirect("fabrication:profiles")


@staff_required
def settings_form(request):
    settings = PrintSettings.objects.filter(lab=request.lab).first()
    groups = MemberGroup.objects.filter(lab=request.lab).order_by("position", "name")
    rates = dict(settings.rates.values_list("group_id", "hourly_rate")) if settings else {}
    form = SettingsForm(
        request.POST or None, instance=settings, lab=request.lab, groups=groups, rates=rates
    )
    if request.method == "POST" and form.is_valid():
        if settings is not None:
            settings.refresh_from_db()
        try:
            print_settings_save(
                actor=request.user, lab=request.lab, data=form.service_data(),
                group_rates=form.group_rates(),
            )  # fmt: skip
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The print settings are saved."))
            return redirect("fabrication:print_settings")
    context = {"form": form, "settings": settings}
    return render(request, "fabrication/catalogue/settings.html", context)
