"""Forms shared by the staff's money pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker


class DateRangeForm(forms.Form):
    """From a day to another, both included (the dashboard's period, the sales journal's)."""

    start = forms.DateField(label=_("From"), widget=DatePicker())
    end = forms.DateField(label=_("Until (included)"), widget=DatePicker())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end is before the start."))
        return data
