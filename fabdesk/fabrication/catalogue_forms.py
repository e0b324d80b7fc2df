"""Staff forms of the print catalogue. ModelForms: the models' clean() rules show on the
fields; the services (catalogue_services) check them again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.models import Machine, MachineCategory

from .catalogue_services import (
    COLOUR_FIELDS,
    MATERIAL_FIELDS,
    PROFILE_FIELDS,
    SETTINGS_FIELDS,
)
from .models import Material, MaterialColour, PrintProfile, PrintSettings

PRINTER_KINDS = (MachineCategory.Kind.FDM_PRINTER, MachineCategory.Kind.RESIN_PRINTER)


class _LabForm(forms.ModelForm):
    """A ModelForm whose instance belongs to the lab before validation (its clean() needs
    it)."""

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.lab = lab

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MaterialForm(_LabForm):
    class Meta:
        model = Material
        fields = MATERIAL_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ColourForm(forms.ModelForm):
    class Meta:
        model = MaterialColour
        fields = COLOUR_FIELDS
        widgets = {"hex_code": forms.TextInput(attrs={"type": "color"})}

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProfileForm(_LabForm):
    class Meta:
        model = PrintProfile
        fields = PROFILE_FIELDS

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, lab=lab, **kwargs)
        self.fields["printer"].queryset = Machine.objects.filter(
            lab=lab, category__kind__in=PRINTER_KINDS
        ).order_by("name")
        self.fields["printer"].empty_label = _("Any printer")


class SettingsForm(_LabForm):
    """The lab's print settings, and one optional hourly rate per member group."""

    class Meta:
        model = PrintSettings
        fields = SETTINGS_FIELDS

    def __init__(self, *args, lab, groups, rates: dict, **kwargs):
        super().__init__(*args, lab=lab, **kwargs)
        self.groups = list(groups)
        for group in self.groups:
            self.fields[self.rate_field(group)] = forms.DecimalField(
                label=_("Machine time per hour for “%(group)s”") % {"group": group.name},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                initial=rates.get(group.pk),
                help_text=_("Empty: the lab's rate."),
            )

    @staticmethod
    def rate_field(group) -> str:
        return f"rate_{group.pk}"

    def group_rates(self) -> dict:
        return {group.pk: self.cleaned_data.get(self.rate_field(group)) for group in self.groups}
