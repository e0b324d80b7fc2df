"""Forms of the staff's agenda pages: the event list's filters, an event (every field, its
image, machines, trainers and invited members), cancelling, duplicating, event types and
tickets. Dates are typed in the lab's time zone (the middleware activates it). The forms
parse input; the services check every rule again."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker
from fabdesk.core.uploads import ImageUploadField
from fabdesk.equipment.models import Machine, Space
from fabdesk.members.models import User

from .models import Event, EventStatus, EventType, TicketCategory
from .services import CATEGORY_FIELDS, EVENT_FIELDS

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = DatePicker()
PERIODS = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All dates"))]


def lab_people(lab):
    return User.objects.filter(lab=lab, is_active=True).order_by("last_name", "first_name", "email")


class EventFilterForm(forms.Form):
    """The staff list's filters, and the period of its attendance figures."""

    when = forms.ChoiceField(label=_("When"), choices=PERIODS, required=False)
    event_type = forms.ModelChoiceField(
        label=_("Type"), queryset=EventType.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *EventStatus.choices], required=False
    )
    stats_from = forms.DateField(label=_("Figures from"), required=False, widget=DATE)
    stats_to = forms.DateField(label=_("until"), required=False, widget=DATE)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(lab=lab)
        self.lab = lab

    def clean(self):
        data = super().clean()
        start, end = data.get("stats_from"), data.get("stats_to")
        if start and end and end < start:
            self.add_error("stats_to", _("The last day comes before the first one."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        event_type = data.get("event_type")
        return {
            "when": data.get("when") or "upcoming",
            "event_type_id": event_type.pk if event_type else None,
            "status": data.get("status") or "",
        }

    def period(self) -> tuple[dt.date, dt.date]:
        """The figures' days (the last 90 days by default), in the lab's zone."""
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate(timezone=self.lab.tzinfo)
        end = data.get("stats_to") or today
        return data.get("stats_from") or end - dt.timedelta(days=90), end


class EventForm(forms.ModelForm):
    image = ImageUploadField(label=_("Image"), required=False)
    machines = forms.ModelMultipleChoiceField(
        label=_("Machines used"), queryset=Machine.objects.none(), required=False
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=User.objects.none(), required=False
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited members"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A private event: these members may open it and register without its link."),
    )

    class Meta:
        model = Event
        fields = [name for name in EVENT_FIELDS if name != "slug"]
        widgets = {
            "starts_at": DATETIME_LOCAL,
            "ends_at": DATETIME_LOCAL,
            "registration_opens_at": DATETIME_LOCAL,
            "registration_closes_at": DATETIME_LOCAL,
            "description": forms.Textarea(attrs={"rows": 8}),
            "what_to_bring": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"description": _("Markdown: **bold**, lists, links. Everyone can read it.")}

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        in_use = Q(is_active=True)
        if self.instance.pk:
            in_use |= Q(pk=self.instance.event_type_id)  # a retired type stays choosable
        self.fields["event_type"].queryset = EventType.objects.filter(in_use, lab=lab)
        self.fields["space"].queryset = Space.objects.filter(lab=lab)
        self.fields["machines"].queryset = Machine.objects.filter(lab=lab).exclude(status="retired")
        self.fields["trainers"].queryset = lab_people(lab)
        self.fields["invited"].queryset = lab_people(lab)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].widget = DATETIME_LOCAL
        if self.instance.pk:
            for name in ("machines", "trainers", "invited"):
                self.initial[name] = list(getattr(self.instance, name).all())

    def clean(self):
        """The model's constraints, worded for a person (the service checks them again)."""
        data = super().clean()
        pairs = [
            ("starts_at", "ends_at", _("The event must end after it starts.")),
            ("min_age", "max_age", _("The maximum age cannot be below the minimum age.")),
            ("registration_opens_at", "registration_closes_at",
             _("Registration must close after it opens.")),
        ]  # fmt: skip
        for low, high, message in pairs:
            first, last = data.get(low), data.get(high)
            if first is None or last is None:
                continue
            if last < first or (last == first and low != "min_age"):  # equal ages are fine
                self.add_error(high, message)
        return data

    def _post_clean(self):
        """The service validates and saves; the model is not touched here."""

    def service_data(self, *, changed_only: bool) -> dict:
        names = [n for n in self.Meta.fields if not changed_only or n in self.changed_data]
        data = {name: self.cleaned_data[name] for name in names}
        if "image" in data:
            data["image"] = data["image"] or ""  # "clear" gives False, nothing None
        return data

    def people(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("machines", "trainers", "invited")}


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (every registered person will read it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(forms.Form):
    """The copy's start: a number of days after the original, or a date and time."""

    shift_days = forms.IntegerField(
        label=_("Days later"),
        required=False,
        min_value=-3650,
        max_value=3650,
        help_text=_("e.g. 7 for the same time next week."),
    )
    starts_at = forms.DateTimeField(
        label=_("or a new start"), required=False, widget=DATETIME_LOCAL
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        data = super().clean()
        shift, start = data.get("shift_days"), data.get("starts_at")
        if self.errors:
            return data
        if (shift is None) == (start is None):
            raise forms.ValidationError(_("Give either a number of days or a new start."))
        return data

    def new_start(self) -> dt.datetime:
        if self.cleaned_data["starts_at"] is not None:
            return self.cleaned_data["starts_at"]
        return self.event.starts_at + dt.timedelta(days=self.cleaned_data["shift_days"])


class EventTypeForm(forms.ModelForm):
    class Meta:
        model = EventType
        fields = ["name", "colour", "position", "is_active"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def _post_clean(self):
        """The service validates and saves."""

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["position"] = data["position"] or 0
        return data


class TicketForm(forms.ModelForm):
    class Meta:
        model = TicketCategory
        fields = list(CATEGORY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def _post_clean(self):
        """The service validates and saves."""

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["position"] = data["position"] or 0
        return data
