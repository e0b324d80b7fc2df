"""Forms of the print pages: the request (options, contact, notes), the staff's steps and
the queue's filters. The rules live in job_services; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import JobStatus, MaterialColour


class ColourSelect(forms.Select):
    """Each colour carries its code, so that the 3D view can paint the model."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-hex"] = instance.hex_code
        return option


class PrintRequestForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Material"), queryset=None, empty_label=None)
    colour = forms.ModelChoiceField(
        label=_("Colour"),
        queryset=None,
        required=False,
        empty_label=_("No preference"),
        widget=ColourSelect,
    )
    printer = forms.ModelChoiceField(
        label=_("Printer"), queryset=None, required=False, empty_label=_("Any printer")
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    contact_email = forms.EmailField(
        label=_("Your email"),
        required=False,
        help_text=_("We send a link there: your job reaches the lab once you follow it."),
    )
    notes = forms.CharField(
        label=_("Notes for the lab"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Orientation, finish, deadline…"),
    )

    def __init__(self, *args, materials, printers, visitor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials
        self.fields["printer"].queryset = printers
        material = self._chosen_material(materials)
        self.fields["colour"].queryset = (
            MaterialColour.objects.filter(material=material, in_stock=True)
            if material is not None
            else MaterialColour.objects.none()
        )
        for name in ("material", "colour"):
            self.fields[name].widget.attrs["data-requote"] = ""
        self.fields["printer"].widget.attrs["data-requote"] = ""
        self.fields["colour"].widget.attrs["data-colour-select"] = ""
        if visitor:
            self.fields["contact_name"].required = True
            self.fields["contact_email"].required = True
            self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
            self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        else:
            del self.fields["contact_name"]
            del self.fields["contact_email"]

    def _chosen_material(self, materials):
        """The material the form shows colours for: the one posted, else the first."""
        value = self.data.get("material") if self.is_bound else self.initial.get("material")
        if value:
            valid = str(value).isdigit() and len(str(value)) < 10
            chosen = materials.filter(pk=value).first() if valid else None
            if chosen is not None:
                return chosen
        return materials.first()

    @property
    def material_shown(self):
        return self._chosen_material(self.fields["material"].queryset)


class ApproveForm(forms.Form):
    price = forms.DecimalField(
        label=_("Price"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Empty: the quoted price."),
    )
    printer = forms.ModelChoiceField(
        label=_("Printer"), queryset=None, required=False, empty_label=_("Choose later")
    )
    message = forms.CharField(
        label=_("Message to the requester"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, printers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["printer"].queryset = printers


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the requester reads it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    printer = forms.ModelChoiceField(label=_("Printer"), queryset=None)

    def __init__(self, *args, printers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["printer"].queryset = printers


class StartForm(forms.Form):
    printer = forms.ModelChoiceField(
        label=_("Printer"), queryset=None, required=False, empty_label=_("The one assigned")
    )

    def __init__(self, *args, printers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["printer"].queryset = printers


class FailedForm(forms.Form):
    note = forms.CharField(
        label=_("What went wrong"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(),
    )


class DoneForm(forms.Form):
    actual_grams = forms.DecimalField(
        label=_("Material used (g)"), min_value=0, max_digits=9, decimal_places=1
    )
    actual_minutes = forms.IntegerField(label=_("Print time (min)"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("Message to the requester"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actual_grams"].widget.attrs["inputmode"] = "decimal"
        self.fields["actual_minutes"].widget.attrs["inputmode"] = "numeric"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *JobStatus.choices]
    )
    printer = forms.TypedChoiceField(
        label=_("Printer"), required=False, coerce=int, empty_value=None
    )
    material = forms.TypedChoiceField(
        label=_("Material"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, printers=(), materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["printer"].choices = [("", _("All printers"))] + [
            (printer.pk, printer.name) for printer in printers
        ]
        self.fields["material"].choices = [("", _("All materials"))] + [
            (material.pk, material.name) for material in materials
        ]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or "",
            "printer_id": data["printer"],
            "material_id": data["material"],
        }
