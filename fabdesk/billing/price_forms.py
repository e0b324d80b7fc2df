"""Staff forms of the price lists: one entry of a machine or category rate, a space rate,
an item's, a plan's or a pack's price, each for a member group (or everyone) from a day;
and the items sold. ModelForms, so the models' clean() rules show on their fields; what the
models only hold as constraints is checked here with words a person understands."""

import copy

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker
from fabdesk.core.timeutils import lab_today
from fabdesk.equipment.models import Machine, MachineCategory, Space
from fabdesk.members.models import MemberGroup

from .pack_models import PackPrice
from .plan_models import Plan, PlanPrice
from .price_models import Item, ItemPrice, MachinePrice, SpacePrice

DATE = DatePicker()
NOT_NEGATIVE = ("hourly_rate", "minimum_charge", "unit_price", "amount")
VALIDITY = ["member_group", "valid_from", "valid_until"]
RATE_FIELDS = ["hourly_rate", "minimum_charge", "rounding_minutes", "rounding_mode", "vat_rate"]


class LabModelForm(forms.ModelForm):
    """A ModelForm whose instance belongs to the lab before validation, with choices of that
    lab only, amounts never negative and dates picked in a calendar."""

    lab_querysets: dict = {}

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        if self.instance.lab_id is None:
            self.instance.lab = lab
        for name, model in self.lab_querysets.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(lab=lab)
        for name in NOT_NEGATIVE:
            if name in self.fields:
                self.fields[name].validators.append(MinValueValidator(0))
                self.fields[name].widget.attrs["min"] = "0"
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = copy.deepcopy(DATE)


class PriceEntryForm(LabModelForm):
    """An entry from a day: valid from today unless said otherwise; "everyone" when no
    member group is chosen."""

    lab_querysets = {
        "member_group": MemberGroup,
        "plan": Plan,
        "machine": Machine,
        "category": MachineCategory,
        "space": Space,
    }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, lab=lab, **kwargs)
        self.fields["valid_from"].initial = self.initial.get("valid_from", lab_today(lab.tzinfo))
        self.fields["member_group"].empty_label = _("Everyone")
        if "plan" in self.fields:
            self.fields["plan"].empty_label = _("Everyone (not a plan's reduced rate)")


class MachinePriceForm(PriceEntryForm):
    class Meta:
        model = MachinePrice
        fields = ["machine", "category", "plan", *RATE_FIELDS, *VALIDITY]

    def clean(self):
        data = super().clean()
        if bool(data.get("machine")) == bool(data.get("category")):
            raise forms.ValidationError(
                _("Choose a machine, or a category for all its machines, not both.")
            )
        return data


class SpacePriceForm(PriceEntryForm):
    class Meta:
        model = SpacePrice
        fields = ["space", "plan", *RATE_FIELDS, "per_person", *VALIDITY]


class ItemPriceForm(PriceEntryForm):
    class Meta:
        model = ItemPrice
        fields = ["unit_price", *VALIDITY]


class PlanPriceForm(PriceEntryForm):
    class Meta:
        model = PlanPrice
        fields = ["amount", *VALIDITY]


class PackPriceForm(PriceEntryForm):
    class Meta:
        model = PackPrice
        fields = ["amount", *VALIDITY]


class ItemForm(LabModelForm):
    class Meta:
        model = Item
        fields = [
            "name", "code", "description", "item_type", "unit", "unit_label", "vat_rate",
            "is_active", "position",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EndForm(forms.Form):
    last_day = forms.DateField(label=_("Last day of this price"), widget=DATE)
