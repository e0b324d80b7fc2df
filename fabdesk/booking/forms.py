"""The forms of the week page: a chosen slot with a duration, or (the accessible fallback) a
date with a start and an end time; for a space, how many people come. Staff also name the
member and may give a reason to make an exception to the rules, and block a period. The
services decide; the forms only parse."""

import datetime as dt

from django import forms
from django.core import validators
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fabdesk.core.forms import DatePicker
from fabdesk.core.timeutils import at_wall_clock
from fabdesk.members.models import User


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(m)d minute", "%(m)d minutes", rest) % {"m": rest}
    if not rest:
        return ngettext("%(h)d hour", "%(h)d hours", hours) % {"h": hours}
    return _("%(h)d h %(m)02d") % {"h": hours, "m": rest}


class BookingForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DatePicker())
    start_time = forms.TimeField(
        label=gettext_lazy("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=gettext_lazy("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    duration = forms.TypedChoiceField(label=gettext_lazy("Duration"), coerce=int, required=False)
    people = forms.IntegerField(label=gettext_lazy("People"), min_value=1, initial=1)
    member_email = forms.EmailField(
        label=gettext_lazy("Book for the member (email)"),
        required=False,
        help_text=gettext_lazy("Leave empty to book for yourself."),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for an exception to the rules"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Only if this booking breaks a rule (limits, certification): say why it is allowed."
        ),
    )

    def __init__(
        self, *args, lab, staff: bool, durations: list[int] | None = None,
        capacity: int | None = None, **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.lab = lab
        if capacity is None:  # a machine: one person
            del self.fields["people"]
        else:  # a space: up to its capacity
            people = self.fields["people"]
            people.max_value = capacity
            people.widget.attrs["max"] = capacity
            people.validators.append(validators.MaxValueValidator(capacity))
            people.error_messages["max_value"] = ngettext(
                "This space holds at most %(limit_value)s person.",
                "This space holds at most %(limit_value)s people.",
                capacity,
            )
        if durations is None:  # the fallback: date, start and end
            del self.fields["duration"]
            self.fields["end_time"].required = True
        else:  # a chosen slot: its date and start are given, the member picks a duration
            del self.fields["end_time"]
            self.fields["date"].widget = forms.HiddenInput()
            self.fields["start_time"].widget = forms.HiddenInput()
            self.fields["duration"].required = True
            self.fields["duration"].choices = [(m, duration_label(m)) for m in durations]
        if not staff:
            del self.fields["member_email"]
            del self.fields["override_reason"]

    def clean_member_email(self):
        email = self.cleaned_data["member_email"]
        if not email:
            return None
        member = User.objects.filter(lab=self.lab, email__iexact=email).first()
        if member is None:
            raise forms.ValidationError(_("There is no member with this email in the lab."))
        return member

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        """The aware start and end, on the lab's wall clock."""
        data = self.cleaned_data
        start = at_wall_clock(data["date"], data["start_time"], self.lab.tzinfo)
        if "duration" in data:
            return start, start + dt.timedelta(minutes=data["duration"])
        end = at_wall_clock(data["date"], data["end_time"], self.lab.tzinfo)
        if data["end_time"] == dt.time(0):  # ending at midnight: the next day's midnight
            end += dt.timedelta(days=1)
        return start, end


class BlockForm(forms.Form):
    """Staff close a period of the machine or space (maintenance, private use)."""

    start_date = forms.DateField(label=gettext_lazy("From (date)"), widget=DatePicker())
    start_time = forms.TimeField(
        label=gettext_lazy("From (time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = forms.DateField(label=gettext_lazy("Until (date)"), widget=DatePicker())
    end_time = forms.TimeField(
        label=gettext_lazy("Until (time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(
        label=gettext_lazy("What for"),
        max_length=300,
        help_text=gettext_lazy("Members see it: e.g. “Maintenance” or “Private workshop”."),
    )
    cancel_conflicting = forms.BooleanField(
        label=gettext_lazy("Cancel the bookings in the way and tell their members"),
        required=False,
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        """The aware start and end, on the lab's wall clock."""
        data, tz = self.cleaned_data, self.lab.tzinfo
        return (
            at_wall_clock(data["start_date"], data["start_time"], tz),
            at_wall_clock(data["end_date"], data["end_time"], tz),
        )
