from django import forms
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import Lab, time_zone_choices
from .services import LAB_EDITABLE_FIELDS

MAX_LOGO_BYTES = 2 * 1024 * 1024


class DatePicker(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates (YYYY-MM-DD) whatever the
    page's language: a French d/m/Y value would show as an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def form_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


class LabForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    website = forms.URLField(required=False, assume_scheme="https")
    terms_url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Lab
        fields = LAB_EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("time_zone", "website", "terms_url"):
            model_field = Lab._meta.get_field(name)
            self.fields[name].label = model_field.verbose_name
            self.fields[name].help_text = model_field.help_text

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo must be smaller than 2 MB."))
        return logo
