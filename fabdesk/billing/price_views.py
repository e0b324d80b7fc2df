"""Staff pages of the price lists (/billing/prices/): machine and category rates, space
rates and items sold, per member group (and plan), with their validity. A price is changed
by a new entry from a day (the form starts from the entry changed: `?from=<id>`); an entry
is ended, or removed while it has not started. Items have their own page with their prices.
Plans' and packs' prices go through the same views (plan_views links them)."""

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.core.timeutils import lab_today

from .pack_models import Pack, PackPrice
from .plan_models import Plan, PlanPrice
from .price_forms import (
    EndForm,
    ItemForm,
    ItemPriceForm,
    MachinePriceForm,
    PackPriceForm,
    PlanPriceForm,
    SpacePriceForm,
)
from .price_models import Item, ItemPrice, MachinePrice, SpacePrice
from .price_services import catalogue_save, price_end, price_remove, price_set


@dataclass(frozen=True)
class PriceKind:
    model: type
    form: type
    title: str
    parent: str = ""  # the field holding the item, plan or pack the price is of
    parent_model: type | None = None

    def back(self, entry) -> str:
        if self.parent == "item":
            return reverse("billing:item_edit", args=[entry.item_id])
        if self.parent == "plan":
            return reverse("billing:plan_edit", args=[entry.plan_id])
        if self.parent == "pack":
            return reverse("billing:pack_edit", args=[entry.pack_id])
        return reverse("billing:prices")


KINDS = {
    "machine": PriceKind(MachinePrice, MachinePriceForm, gettext_lazy("Machine rate")),
    "space": PriceKind(SpacePrice, SpacePriceForm, gettext_lazy("Space rate")),
    "item": PriceKind(ItemPrice, ItemPriceForm, gettext_lazy("Item price"), "item", Item),
    "plan": PriceKind(PlanPrice, PlanPriceForm, gettext_lazy("Plan price"), "plan", Plan),
    "pack": PriceKind(PackPrice, PackPriceForm, gettext_lazy("Pack price"), "pack", Pack),
}


def current(queryset, *, lab, everything: bool):
    """Entries not ended yet (or every entry, with the history)."""
    if everything:
        return queryset
    return queryset.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=lab_today(lab.tzinfo)))


@staff_required
def prices(request):
    lab, everything = request.lab, request.GET.get("all") == "1"
    related = ("member_group", "plan")
    context = {
        "everything": everything,
        "today": lab_today(lab.tzinfo),
        "machine_prices": current(
            MachinePrice.objects.filter(lab=lab).select_related("machine", "category", *related),
            lab=lab, everything=everything,
        ).order_by("category__name", "machine__name", "member_group__name", "valid_from"),
        "space_prices": current(
            SpacePrice.objects.filter(lab=lab).select_related("space", *related),
            lab=lab, everything=everything,
        ).order_by("space__name", "member_group__name", "valid_from"),
        "items": Item.objects.filter(lab=lab).order_by("position", "name"),
        "item_prices": current(
            ItemPrice.objects.filter(lab=lab).select_related("item", "member_group"),
            lab=lab, everything=everything,
        ).order_by("item__position", "item__name", "member_group__name", "valid_from"),
    }  # fmt: skip
    return render(request, "billing/prices/prices.html", context)


def _entry(request, kind: str, price_id) -> object:
    return get_object_or_404(KINDS[kind].model, pk=price_id, lab=request.lab)


def _initial_from(request, kind: str) -> dict:
    """The fields of the entry being changed (`?from=<id>`), to start the new one from; or
    the plan of a new reduced rate (`?plan=<id>`)."""
    source_id, plan_id = request.GET.get("from", ""), request.GET.get("plan", "")
    if plan_id.isdigit() and kind in ("machine", "space"):
        return {"plan": int(plan_id)}
    source = None
    if source_id.isdigit():
        source = KINDS[kind].model.objects.filter(pk=source_id, lab=request.lab).first()
    if source is None:
        return {}
    form = KINDS[kind].form
    initial = {name: getattr(source, name) for name in form._meta.fields}
    initial.update({"valid_from": lab_today(request.lab.tzinfo), "valid_until": None})
    return initial


@staff_required
def price_new(request, kind: str, parent_id: int | None = None):
    price_kind = KINDS[kind]
    entry = price_kind.model(lab=request.lab)
    parent = None
    if price_kind.parent:
        parent = get_object_or_404(price_kind.parent_model, pk=parent_id, lab=request.lab)
        setattr(entry, price_kind.parent, parent)
    initial = _initial_from(request, kind) if request.method == "GET" else {}
    form = price_kind.form(request.POST or None, instance=entry, lab=request.lab, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = price_set(actor=request.user, entry=form.instance)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("The new price applies from %(day)s.") % {"day": saved.valid_from}
            )
            return redirect(price_kind.back(saved))
    context = {"form": form, "kind": price_kind, "parent": parent, "back": price_kind.back(entry)}
    return render(request, "billing/prices/price_form.html", context)


@staff_required
@require_POST
def price_end_view(request, kind: str, price_id: int):
    entry = _entry(request, kind, price_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of this price."))
        return redirect(KINDS[kind].back(entry))
    try:
        price_end(actor=request.user, entry=entry, last_day=form.cleaned_data["last_day"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The price ends on %(day)s.") % {"day": entry.valid_until})
    return redirect(KINDS[kind].back(entry))


@staff_required
@require_POST
def price_remove_view(request, kind: str, price_id: int):
    entry = _entry(request, kind, price_id)
    back = KINDS[kind].back(entry)
    try:
        price_remove(actor=request.user, entry=entry)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The price that had not started is removed."))
    return redirect(back)


@staff_required
def item_form(request, item_id: int | None = None):
    item = Item(lab=request.lab)
    if item_id:
        item = get_object_or_404(Item, pk=item_id, lab=request.lab)
    form = ItemForm(request.POST or None, instance=item, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue_save(actor=request.user, instance=form.instance)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved})
            return redirect("billing:item_edit", saved.pk)
    item_prices = []
    if item.pk:
        item_prices = item.prices.select_related("member_group").order_by("-valid_from")
    context = {"form": form, "item": item, "item_prices": item_prices,
               "today": lab_today(request.lab.tzinfo)}  # fmt: skip
    return render(request, "billing/prices/item_form.html", context)
