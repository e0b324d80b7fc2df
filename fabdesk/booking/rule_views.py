"""Staff pages for the booking rules of their lab: what applies to each machine and space,
and setting, changing or deleting the lab default, a category's, a machine's or a space's
rule. Other labs' rules and targets are 404; members 403 (`staff_required`)."""

from django.contrib import messages
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.equipment.models import Machine, MachineCategory, Space

from .models import BookingRule
from .next_url import redirect_back, safe_next
from .rule_forms import BookingRuleForm
from .rule_overview import LabRules, rules_overview
from .rule_services import RULE_FIELDS, booking_rule_delete, booking_rule_save
from .rules import LAB_DEFAULT


def target_label(target) -> str:
    if isinstance(target, Machine):
        return _("Machine “%(name)s”") % {"name": target.name}
    if isinstance(target, MachineCategory):
        return _("Category “%(name)s”") % {"name": target.name}
    if isinstance(target, Space):
        return _("Space “%(name)s”") % {"name": target.name}
    return _("The whole lab (default)")


def _rule_target(rule: BookingRule):
    return rule.machine or rule.category or rule.space


def _rule(request, rule_id: int) -> BookingRule:
    rules = BookingRule.objects.select_related("machine__category", "category", "space")
    return get_object_or_404(rules, pk=rule_id, lab=request.lab)


@staff_required
def rule_list(request):
    return render(request, "booking/rules/list.html", rules_overview(request.lab))


def _target(request, *, category_id, machine_id, space_id) -> tuple[str | None, object]:
    if machine_id is not None:
        return "machine", get_object_or_404(Machine, pk=machine_id, lab=request.lab)
    if category_id is not None:
        return "category", get_object_or_404(MachineCategory, pk=category_id, lab=request.lab)
    if space_id is not None:
        return "space", get_object_or_404(Space, pk=space_id, lab=request.lab)
    return None, None


def _form_page(request, form, *, rule, target, context):
    return render(
        request,
        "booking/rules/form.html",
        {"form": form, "rule": rule, "target": target_label(target),
         "next": safe_next(request, ""), **context},
    )  # fmt: skip


def _save(request, form, rule: BookingRule) -> bool:
    if not form.is_valid():
        return False
    if rule.pk:
        rule.refresh_from_db()  # the form wrote to it; the service applies the changes
    try:
        booking_rule_save(actor=request.user, rule=rule, data=form.service_data())
    except DomainError as exc:
        form_error(form, exc)
        return False
    messages.success(
        request,
        _("The booking rule of %(target)s is saved.")
        % {"target": target_label(_rule_target(rule))},
    )
    return True


@staff_required
def rule_new(request, category_id=None, machine_id=None, space_id=None):
    name, target = _target(
        request, category_id=category_id, machine_id=machine_id, space_id=space_id
    )
    existing = BookingRule.objects.filter(lab=request.lab)
    existing = existing.filter(**{name: target}) if name else existing.filter(LAB_DEFAULT)
    if (rule := existing.first()) is not None:  # open it, keeping where to go back to
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("booking:rule_edit", args=[rule.pk]) + query)
    rule = BookingRule(lab=request.lab, **({name: target} if name else {}))
    now = LabRules(request.lab).line(target)
    form = BookingRuleForm(
        request.POST or None, instance=rule, initial=model_to_dict(now.applies, RULE_FIELDS)
    )
    if request.method == "POST" and _save(request, form, rule):
        return redirect_back(request, reverse("booking:rules"))
    return _form_page(request, form, rule=None, target=target, context={"applies_now": now})


@staff_required
def rule_edit(request, rule_id: int):
    rule = _rule(request, rule_id)
    form = BookingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and _save(request, form, rule):
        return redirect_back(request, reverse("booking:rules"))
    above, source = LabRules(request.lab).above(rule)
    context = {"above": above, "above_source": source}
    return _form_page(request, form, rule=rule, target=_rule_target(rule), context=context)


@staff_required
@require_POST
def rule_delete(request, rule_id: int):
    rule = _rule(request, rule_id)
    label = target_label(_rule_target(rule))
    _above, source = LabRules(request.lab).above(rule)
    try:
        booking_rule_delete(actor=request.user, rule=rule)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The booking rule of %(target)s is deleted. What applies now: %(source)s.")
            % {"target": label, "source": source},
        )
    return redirect_back(request, reverse("booking:rules"))
