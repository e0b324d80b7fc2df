"""Forms of the incident pages. They only parse input: the rules are in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.uploads import ImageUploadField

from .models import IncidentStatus
from .selectors import OPEN


class ReportForm(forms.Form):
    description = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you saw or heard, what you were doing, any message on the screen."),
    )
    photo = ImageUploadField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    unusable = forms.BooleanField(
        label=_("The machine cannot be used"),
        required=False,
        help_text=_("Tick this if nobody should use it until it is repaired."),
    )


class ResolveForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput, initial=IncidentStatus.RESOLVED)
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads this."),
    )
    back_in_service = forms.BooleanField(
        label=_("Put the machine back in service"), required=False, initial=True
    )

    def __init__(self, *args, offer_back_in_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_back_in_service:
            del self.fields["back_in_service"]


class CloseForm(ResolveForm):
    status = forms.CharField(widget=forms.HiddenInput, initial=IncidentStatus.CLOSED)
    note = forms.CharField(
        label=_("Why close it without action?"),
        max_length=300,
        help_text=_("For example: a duplicate, nothing wrong found, misuse."),
    )


class StepForm(forms.Form):
    """Acknowledge or start the repair (the button says which), with an optional note."""

    note = forms.CharField(
        label=_("Note for the reporter (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffCommentForm(CommentForm):
    internal = forms.BooleanField(label=_("Internal: hidden from the reporter"), required=False)


class PartForm(forms.Form):
    name = forms.CharField(label=_("Part"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=10, decimal_places=2, initial=1
    )
    unit_cost = forms.DecimalField(
        label=_("Unit cost"), min_value=0, max_digits=10, decimal_places=2
    )


class WorkForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (OPEN, _("Open")), *IncidentStatus.choices],
    )
    machine = forms.TypedChoiceField(
        label=_("Machine"), required=False, coerce=int, empty_value=None
    )
    blocking = forms.BooleanField(label=_("Machine unusable only"), required=False)

    def __init__(self, *args, machines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].choices = [("", _("All machines"))] + [
            (machine.pk, machine.name) for machine in machines
        ]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or "",
            "machine_id": data["machine"],
            "blocking": data["blocking"],
        }
