"""The staff's form for a series made from a rule ("every first Saturday, 14:00 to 18:00,
until June"): the rule, what each date shares (type, place, audience…), its seats and its
first ticket. The series service checks every rule again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.models import Space

from .models import Event, EventSeries, EventType, Frequency, SeriesKind, TicketCategory
from .staff_forms import DATE

RULE = [
    "title", "kind", "frequency", "interval", "weekday", "week_of_month", "starts_on",
    "start_time", "end_time", "until", "count", "capacity",
]  # fmt: skip
SHARED = [
    "event_type", "summary", "description", "space", "address", "audience", "min_age",
    "max_age", "visibility", "registration_enabled", "requires_validation",
    "cancel_deadline_hours", "what_to_bring",
]  # fmt: skip
TICKET = ["name", "audience", "price", "max_seats"]
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SeriesForm(forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = RULE
        widgets = {"starts_on": DATE, "until": DATE, "start_time": TIME, "end_time": TIME}
        help_texts = {
            "capacity": _(
                "A course: seats for the whole course. Recurring: seats at each date. "
                "Empty: no limit."
            ),
        }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        shared = forms.fields_for_model(
            Event,
            fields=SHARED,
            widgets={
                "description": forms.Textarea(attrs={"rows": 6}),
                "what_to_bring": forms.Textarea(attrs={"rows": 3}),
            },
        )
        shared["event_type"].queryset = EventType.objects.filter(lab=lab, is_active=True)
        shared["space"].queryset = Space.objects.filter(lab=lab)
        self.fields.update(shared)
        for name, field in forms.fields_for_model(TicketCategory, fields=TICKET).items():
            field.label = _("Ticket: %(field)s") % {"field": field.label}
            self.fields[f"ticket_{name}"] = field
        self.fields["ticket_name"].initial = _("Free")
        self.fields["ticket_audience"].initial = TicketCategory.Audience.FREE

    def clean(self):
        """The rule's constraints, worded for a person (the service checks them again)."""
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The dates must end after they start."))
        if data.get("until") is None and data.get("count") is None and "until" not in self.errors:
            self.add_error("until", _("Give a last date or a number of dates."))
        if data.get("frequency") == Frequency.MONTHLY and data.get("week_of_month") is None:
            self.add_error(
                "week_of_month", _("Choose which day of the month (first, second… last).")
            )
        return data

    def _post_clean(self):
        """The service validates and saves."""

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        rule_names = [n for n in RULE if n not in ("title", "kind", "capacity")]
        event_fields = {name: data[name] for name in SHARED}
        course = data["kind"] == SeriesKind.COURSE
        if not course:
            event_fields["capacity"] = data["capacity"]
        return {
            "title": data["title"],
            "kind": data["kind"],
            "rule": {name: data[name] for name in rule_names},
            "event_fields": event_fields,
            "capacity": data["capacity"] if course else None,
            "categories": [{name: data[f"ticket_{name}"] for name in TICKET}],
        }


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats for the whole course"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit. More seats go to the waitlist at once."),
    )
