"""Staff forms for maintenance. They parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.selectors import machine_list, space_list

from .models import MaintenanceLog, MaintenancePlan

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PlanForm(forms.ModelForm):
    class Meta:
        model = MaintenancePlan
        fields = ["title", "instructions", "every_hours", "every_days", "put_in_maintenance"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "instructions": _("What to do, step by step. Markdown: lists, links, bold."),
            "every_hours": _("Leave empty if the plan only follows the calendar."),
            "every_days": _("Leave empty if the plan only follows the hours of use."),
            "put_in_maintenance": _(
                "When the plan is overdue, the machine is put in maintenance (if it is in "
                "service) until someone logs it."
            ),
        }

    def clean(self):
        data = super().clean()
        if not data.get("every_hours") and not data.get("every_days"):
            self.add_error(
                "every_hours",
                _("Say how often: every so many hours of use, every so many days, or both."),
            )
        return data


class PlanCreateForm(PlanForm):
    last_done_at = forms.DateTimeField(
        label=_("Last done"),
        required=False,
        widget=DATETIME_LOCAL,
        help_text=_(
            "If it was done before, when; the plan counts from then (and from the hours of "
            "use at that moment). Empty: it counts from now."
        ),
    )
    last_done_hours = forms.DecimalField(
        label=_("Hours of use then"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("The machine's counter when it was last done, if you know it."),
    )


class LogForm(forms.ModelForm):
    done_at = forms.DateTimeField(
        label=_("Done on"),
        required=False,
        widget=DATETIME_LOCAL,
        help_text=_("Empty: now."),
    )

    class Meta:
        model = MaintenanceLog
        fields = ["done_at", "minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"notes": _("What was done, parts changed, what to watch next time.")}

    def __init__(self, *args, offer_back_in_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_back_in_service:
            self.fields["back_in_service"] = forms.BooleanField(
                label=_("Put the machine back in service"),
                required=False,
                initial=True,
                help_text=_("An overdue plan put it in maintenance; no plan is overdue now."),
            )


class DueFilterForm(forms.Form):
    machine = forms.ModelChoiceField(
        label=_("Machine"), queryset=None, required=False, empty_label=_("All machines")
    )
    space = forms.ModelChoiceField(
        label=_("Space"), queryset=None, required=False, empty_label=_("All spaces")
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].queryset = machine_list(lab=lab)
        self.fields["space"].queryset = space_list(lab=lab)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        machine, space = data.get("machine"), data.get("space")
        return {
            "machine_id": machine.pk if machine else None,
            "space_id": space.pk if space else None,
        }


class HistoryFilterForm(DueFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["space"]
