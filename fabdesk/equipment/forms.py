"""Forms of the workshop pages. They parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.uploads import ImageUploadField, PdfUploadField

from .catalogue_services import CATEGORY_FIELDS, MACHINE_FIELDS, SPACE_FIELDS
from .models import Machine, MachineCategory, MachineDocument, MachineStatus, Space
from .selectors import category_list, space_list

STATUS_ANY = [("", _("All statuses")), *MachineStatus.choices]


class CatalogueFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=MachineCategory.objects.none(), required=False,
        empty_label=_("All categories"),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_ANY, required=False)
    space = forms.ModelChoiceField(
        label=_("Space"), queryset=Space.objects.none(), required=False,
        empty_label=_("All spaces"),
    )  # fmt: skip

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MachineCategory.objects.filter(lab=lab)
        self.fields["space"].queryset = Space.objects.filter(lab=lab)

    def filters(self) -> dict:
        """Keyword arguments for selectors.machine_list (invalid filters are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        category, space = data.get("category"), data.get("space")
        return {
            "category_id": category.pk if category else None,
            "status": data.get("status", ""),
            "space_id": space.pk if space else None,
        }


class MachineForm(forms.ModelForm):
    photo = ImageUploadField(label=_("Photo"), required=False)

    class Meta:
        model = Machine
        fields = list(MACHINE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "staff_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": _("Markdown: **bold**, lists, links. Everyone can read it."),
            "staff_notes": _("Only the lab's staff see these notes."),
            "bookable": _("Members can book it (once bookings exist)."),
            "size_z_mm": _("Build height for 3D printers, Z travel for CNC routers."),
            "position": _("Machines are listed by category, then in this order."),
        }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list(lab=lab)
        self.fields["space"].queryset = space_list(lab=lab)
        self.fields["position"].required = False

    def service_data(self, *, changed_only: bool) -> dict:
        names = self.changed_data if changed_only else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = MachineCategory
        fields = list(CATEGORY_FIELDS)
        help_texts = {"kind": _("Says which technical details its machines show.")}


class SpaceForm(forms.ModelForm):
    photo = ImageUploadField(label=_("Photo"), required=False)

    class Meta:
        model = Space
        fields = list(SPACE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("Markdown: **bold**, lists, links. Everyone can read it."),
            "bookable": _("Members can book the space itself (once bookings exist)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def service_data(self, *, changed_only: bool) -> dict:
        names = self.changed_data if changed_only else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MachineDocument.Kind.choices)
    file = PdfUploadField(
        label=_("PDF file"), required=False, help_text=_("A PDF of at most 20 MB.")
    )
    url = forms.URLField(
        label=_("or a link"),
        required=False,
        assume_scheme="https",
        help_text=_("The manufacturer's manual online, a video…"),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a PDF file or a link, not both."))
        return data


class StatusForm(forms.Form):
    prefix = "status"  # two forms share the machine page
    status = forms.ChoiceField(label=_("New status"), choices=MachineStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Needed unless the machine goes back in service. Members see it."),
    )


class UsageForm(forms.Form):
    prefix = "usage"
    total_hours = forms.DecimalField(
        label=_("Hours of use read on the machine"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
