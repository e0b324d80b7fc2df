"""Forms of the booking staff pages: the filters of the list of all bookings, and moving a
booking (a date, a start time and a duration; staff may give a reason for an exception).
They parse input; the services decide."""

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fabdesk.core.forms import DatePicker
from fabdesk.core.timeutils import at_wall_clock
from fabdesk.equipment.models import Machine, Space

from .forms import duration_label
from .models import Booking, BookingKind, BookingRule, BookingStatus
from .selectors import booking_list

ANY_STATUS = "any"


class BookingFilterForm(forms.Form):
    resource = forms.ChoiceField(label=gettext_lazy("Machine or space"), required=False)
    q = forms.CharField(
        label=gettext_lazy("Member"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Name or email")}
        ),
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DatePicker())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DatePicker())
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All but cancelled")), (ANY_STATUS, gettext_lazy("Any")),
                 *BookingStatus.choices],
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Bookings and blocks")), *BookingKind.choices],
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        machines = Machine.objects.filter(lab=lab).order_by("position", "name")
        spaces = Space.objects.filter(lab=lab).order_by("position", "name")
        self.fields["resource"].choices = [
            ("", _("All machines and spaces")),
            (_("Machines"), [(f"machine-{m.pk}", m.name) for m in machines]),
            (_("Spaces"), [(f"space-{s.pk}", s.name) for s in spaces]),
        ]

    def bookings(self) -> QuerySet[Booking]:
        """The lab's bookings these filters keep (invalid filters are ignored), soonest first
        from a start date, else the latest first."""
        data = self.cleaned_data if self.is_valid() else {}
        kind, target = (data.get("resource") or "-").split("-")
        tz = self.lab.tzinfo
        date_from, date_to = data.get("date_from"), data.get("date_to")
        status = data.get("status", "")
        bookings = booking_list(
            lab=self.lab,
            machine_id=int(target) if kind == "machine" else None,
            space_id=int(target) if kind == "space" else None,
            kind=data.get("kind") or None,
            start_from=at_wall_clock(date_from, dt.time(0), tz) if date_from else None,
            start_to=(
                at_wall_clock(date_to + dt.timedelta(days=1), dt.time(0), tz) if date_to else None
            ),
            include_cancelled=status != "",
        ).select_related("booked_by")
        if status not in ("", ANY_STATUS):
            bookings = bookings.filter(status=status)
        for word in data.get("q", "").split():
            bookings = bookings.filter(
                Q(member__email__icontains=word)
                | Q(member__first_name__icontains=word)
                | Q(member__last_name__icontains=word)
            )
        return bookings if date_from else bookings.order_by("-start", "-id")


class MoveForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("New date"), widget=DatePicker())
    start_time = forms.TimeField(
        label=gettext_lazy("New start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration = forms.TypedChoiceField(label=gettext_lazy("Duration"), coerce=int)
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for an exception to the rules"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Only if the new time breaks a rule (limits, opening hours): say why it is allowed."
        ),
    )

    def __init__(self, *args, booking: Booking, rule: BookingRule, staff: bool, tz, **kwargs):
        self.booking = booking
        self.tz = tz
        local = booking.start.astimezone(self.tz)
        minutes = int((booking.end - booking.start).total_seconds() // 60)
        kwargs.setdefault(
            "initial", {"date": local.date(), "start_time": local.time(), "duration": minutes}
        )
        super().__init__(*args, **kwargs)
        step = rule.slot_minutes or 1
        offered = set(range(max(rule.min_minutes, step), rule.max_minutes + 1, step)) | {minutes}
        self.fields["duration"].choices = [(m, duration_label(m)) for m in sorted(offered)]
        if not staff:
            del self.fields["override_reason"]

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        start = at_wall_clock(data["date"], data["start_time"], self.tz)
        return start, start + dt.timedelta(minutes=data["duration"])
