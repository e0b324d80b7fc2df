"""Staff forms of membership plans and prepaid packs, and of what the desk sells a member
(a subscription to a plan, a pack)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.models import Machine, MachineCategory

from .pack_models import Pack
from .plan_models import Plan
from .price_forms import DATE, LabModelForm

CATALOGUE = {"machines": Machine, "categories": MachineCategory}
SHARED = ["name", "slug", "description"]
SCOPE = ["machines", "categories", "vat_rate", "is_active", "position"]


class _CatalogueForm(LabModelForm):
    lab_querysets = CATALOGUE

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, lab=lab, **kwargs)
        for name in CATALOGUE:
            self.fields[name].widget = forms.CheckboxSelectMultiple()
            self.fields[name].widget.choices = self.fields[name].choices
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})

    def many(self) -> dict:
        return {name: self.cleaned_data[name] for name in CATALOGUE}


class PlanForm(_CatalogueForm):
    class Meta:
        model = Plan
        fields = [*SHARED, "period", "included_hours", *SCOPE, "reminder_days"]


class PackForm(_CatalogueForm):
    class Meta:
        model = Pack
        fields = [*SHARED, "hours", "validity_days", *SCOPE]

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("A pack holds some hours: more than 0."))
        return hours


class SubscribeForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DATE, help_text=_("Empty: today.")
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(lab=lab, is_active=True)


class PackSellForm(forms.Form):
    pack = forms.ModelChoiceField(label=_("Pack"), queryset=Pack.objects.none())

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].queryset = Pack.objects.filter(lab=lab, is_active=True)
