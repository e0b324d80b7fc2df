"""What the booking rules page shows: for the lab, each category, machine and space, its own
rule (if any) and the rule that applies, resolved in memory from one read of the lab's rules
with the same order as `rules.rule_for` (own, then the category's, then the lab default,
then the built-in defaults). A fixed number of queries, whatever the size of the lab."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fabdesk.equipment.models import Machine, MachineCategory, Space

from .models import BookingRule


@dataclass
class RuleLine:
    target: object | None  # a Machine, MachineCategory or Space; None for the lab default
    own: BookingRule | None
    applies: BookingRule
    source: str  # what `applies` is, in words


class LabRules:
    """The rules of one lab, indexed by target."""

    def __init__(self, lab) -> None:
        self.lab = lab
        rules = list(
            BookingRule.objects.filter(lab=lab).select_related("machine", "category", "space")
        )
        self.by_machine = {r.machine_id: r for r in rules if r.machine_id}
        self.by_category = {r.category_id: r for r in rules if r.category_id}
        self.by_space = {r.space_id: r for r in rules if r.space_id}
        self.default = next(
            (r for r in rules if not (r.machine_id or r.category_id or r.space_id)), None
        )

    def fallback(self) -> tuple[BookingRule, str]:
        """What applies when nothing more specific does: the lab default, else built-in."""
        if self.default is not None:
            return self.default, _("The lab default")
        return BookingRule(lab=self.lab), _("The built-in defaults")

    def for_category(self, category_id: int | None) -> tuple[BookingRule, str]:
        rule = self.by_category.get(category_id)
        if rule is not None:
            return rule, _("The category's rule (%(name)s)") % {"name": rule.category.name}
        return self.fallback()

    def line(self, target) -> RuleLine:
        if target is None:
            return RuleLine(None, self.default, *self.fallback())
        if isinstance(target, Machine):
            own = self.by_machine.get(target.pk)
            above = self.for_category(target.category_id)
        elif isinstance(target, MachineCategory):
            own = self.by_category.get(target.pk)
            above = self.fallback()
        else:
            own = self.by_space.get(target.pk)
            above = self.fallback()
        if own is not None:
            return RuleLine(target, own, own, _("Its own rule"))
        return RuleLine(target, None, *above)

    def above(self, rule: BookingRule) -> tuple[BookingRule, str]:
        """The rule its target follows once `rule` is deleted."""
        if rule.machine_id:
            return self.for_category(rule.machine.category_id)
        if rule.category_id or rule.space_id:
            return self.fallback()
        return BookingRule(lab=self.lab), _("The built-in defaults")


def rules_overview(lab) -> dict:
    rules = LabRules(lab)
    categories = MachineCategory.objects.filter(lab=lab).order_by("position", "name")
    machines = (
        Machine.objects.filter(lab=lab).select_related("category").order_by("position", "name")
    )
    spaces = Space.objects.filter(lab=lab).order_by("position", "name")
    return {
        "lab_default": rules.line(None),
        "categories": [rules.line(c) for c in categories],
        "machines": [rules.line(m) for m in machines],
        "spaces": [rules.line(s) for s in spaces],
    }
