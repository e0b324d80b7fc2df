"""Staff pages of membership plans and prepaid packs (/billing/plans/): the lab's plans and
packs with their current prices, a plan's or a pack's page (its fields, its prices per
member group, a plan's reduced machine rates), and a member's memberships and packs
(/billing/members/<id>/plans/) where the desk subscribes them to a plan, renews or cancels
it, or sells them a pack (subscription_services; the charge then waits at the desk)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.core.timeutils import lab_today
from fabdesk.members.permissions import member_get_for_staff

from .allowances import member_allowances
from .pack_models import Pack, PackPrice, PackPurchase
from .plan_forms import PackForm, PackSellForm, PlanForm, SubscribeForm
from .plan_models import Plan, PlanPrice, Subscription
from .price_models import MachinePrice
from .price_services import catalogue_save
from .price_views import current
from .subscription_services import (
    pack_purchase,
    subscription_cancel,
    subscription_create,
    subscription_renew,
)

HISTORY = 20


@staff_required
def plans(request):
    lab = request.lab

    def prices(model):
        entries = current(model.objects.filter(lab=lab), lab=lab, everything=False)
        return Prefetch("prices", queryset=entries.select_related("member_group"))

    context = {
        "plans": Plan.objects.filter(lab=lab).prefetch_related(prices(PlanPrice)),
        "packs": Pack.objects.filter(lab=lab).prefetch_related(prices(PackPrice)),
    }
    return render(request, "billing/plans/plans.html", context)


def _catalogue_page(request, *, model, form_class, pk, template, url_name, more=None):
    """The form of a plan or a pack and its prices; saving keeps the many-to-many fields."""
    instance = get_object_or_404(model, pk=pk, lab=request.lab) if pk else model(lab=request.lab)
    form = form_class(request.POST or None, instance=instance, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue_save(actor=request.user, instance=form.instance, many=form.many())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved})
            return redirect(url_name, saved.pk)
    context = {"form": form, "object": instance, "today": lab_today(request.lab.tzinfo)}
    if instance.pk:
        context["entries"] = instance.prices.select_related("member_group").order_by(
            "member_group__name", "-valid_from"
        )
        context.update(more(instance) if more else {})
    return render(request, template, context)


def _reduced_rates(plan: Plan) -> dict:
    rates = MachinePrice.objects.filter(plan=plan).select_related("machine", "category",
                                                                  "member_group")  # fmt: skip
    return {"reduced_rates": rates.order_by("-valid_from")}


@staff_required
def plan_form(request, plan_id: int | None = None):
    return _catalogue_page(request, model=Plan, form_class=PlanForm, pk=plan_id,
                           template="billing/plans/plan_form.html", url_name="billing:plan_edit",
                           more=_reduced_rates)  # fmt: skip


@staff_required
def pack_form(request, pack_id: int | None = None):
    return _catalogue_page(request, model=Pack, form_class=PackForm, pk=pack_id,
                           template="billing/plans/pack_form.html",
                           url_name="billing:pack_edit")  # fmt: skip


def _member_page(request, member, *, subscribe=None, sell=None, status=200):
    today = lab_today(request.lab.tzinfo)
    context = {
        "member": member,
        "today": today,
        "allowances": member_allowances(member=member, day=today),
        "subscriptions": Subscription.objects.filter(member=member)
        .select_related("plan")
        .order_by("-starts_on", "-id")[:HISTORY],
        "purchases": PackPurchase.objects.filter(member=member)
        .select_related("pack")
        .order_by("-purchased_on", "-id")[:HISTORY],
        "subscribe_form": subscribe or SubscribeForm(lab=request.lab),
        "sell_form": sell or PackSellForm(lab=request.lab),
    }
    return render(request, "billing/plans/member.html", context, status=status)


@staff_required
def member_plans(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    return _member_page(request, member)


def _done(request, member, text: str):
    messages.success(request, text)
    return redirect("billing:member_plans", member.pk)


@staff_required
@require_POST
def member_subscribe(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    form = SubscribeForm(request.POST, lab=request.lab)
    if form.is_valid():
        data = form.cleaned_data
        try:
            subscription = subscription_create(
                actor=request.user, member=member, plan=data["plan"], starts_on=data["starts_on"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            text = _(
                "%(member)s is subscribed to %(plan)s until %(day)s; the membership is to pay "
                "at the desk."
            )
            return _done(
                request,
                member,
                text % {"member": member, "plan": subscription.plan, "day": subscription.ends_on},
            )
    return _member_page(request, member, subscribe=form, status=422)


@staff_required
@require_POST
def member_pack_sell(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    form = PackSellForm(request.POST, lab=request.lab)
    if form.is_valid():
        try:
            purchase = pack_purchase(
                actor=request.user, member=member, pack=form.cleaned_data["pack"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            text = _(
                "%(pack)s is sold to %(member)s, valid until %(day)s; it is to pay at the desk."
            )
            return _done(
                request,
                member,
                text % {"pack": purchase.pack, "member": member, "day": purchase.expires_on},
            )
    return _member_page(request, member, sell=form, status=422)


def _subscription(request, subscription_id: int) -> Subscription:
    return get_object_or_404(
        Subscription.objects.select_related("member", "plan"), pk=subscription_id, lab=request.lab
    )


@staff_required
@require_POST
def subscription_renew_view(request, subscription_id: int):
    subscription = _subscription(request, subscription_id)
    try:
        renewal = subscription_renew(actor=request.user, subscription=subscription)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("billing:member_plans", subscription.member_id)
    text = _("Renewed from %(start)s to %(end)s.")
    return _done(
        request, subscription.member, text % {"start": renewal.starts_on, "end": renewal.ends_on}
    )


@staff_required
@require_POST
def subscription_cancel_view(request, subscription_id: int):
    subscription = _subscription(request, subscription_id)
    try:
        subscription_cancel(actor=request.user, subscription=subscription,
                            reason=request.POST.get("reason", "")[:300])  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("billing:member_plans", subscription.member_id)
    return _done(request, subscription.member, _("The subscription is cancelled."))
