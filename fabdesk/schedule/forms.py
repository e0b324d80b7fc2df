"""Staff forms of the opening hours: the week (one line of ranges per day), a closure, an
exceptional opening. They parse; the services decide."""

import datetime as dt
import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker

from .models import WEEKDAYS

DATE = DatePicker()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# "14:00-19:00", "9h-12h30", "14.00 to 19.00" (any dash)
TIME_TEXT = r"(\d{1,2})(?:[:h.](\d{2}))?h?"
RANGE = re.compile(rf"^{TIME_TEXT}\s*[-\u2013\u2014]\s*{TIME_TEXT}$", re.IGNORECASE)


def _time(hours: str, minutes: str | None) -> dt.time | None:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_day_ranges(text: str) -> list[tuple[dt.time, dt.time]]:
    """ "14:00-19:00, 20:00-22:00" → [(14:00, 19:00), (20:00, 22:00)]; ValidationError on a
    part that is not a range of two times."""
    ranges = []
    for part in re.split(r"[,;/]| et | and ", text.strip()):
        part = part.strip()
        if not part:
            continue
        match = RANGE.match(part)
        opens = _time(match[1], match[2]) if match else None
        closes = _time(match[3], match[4]) if match else None
        if not match or opens is None or closes is None:
            raise forms.ValidationError(
                _("“%(part)s” is not a range of hours; write it like 14:00-19:00."),
                params={"part": part},
            )
        ranges.append((opens, closes))
    return ranges


def format_day_ranges(ranges) -> str:
    return ", ".join(f"{r.opens_at:%H:%M}-{r.closes_at:%H:%M}" for r in ranges)


class WeekForm(forms.Form):
    """One field per day: its ranges, e.g. "14:00-19:00, 20:00-22:00"; empty when closed."""

    def __init__(self, *args, by_day: dict, **kwargs):
        initial = {f"day_{day}": format_day_ranges(by_day.get(day, [])) for day in range(7)}
        super().__init__(*args, initial=initial, **kwargs)
        for day, name in WEEKDAYS:
            self.fields[f"day_{day}"] = forms.CharField(
                label=capfirst(name),
                required=False,
                max_length=200,
                help_text=_("For example 14:00-19:00, 20:00-22:00. Empty: closed all day.")
                if day == 0
                else "",
            )

    def clean(self):
        cleaned = super().clean()
        for day in range(7):
            name = f"day_{day}"
            if name in cleaned:
                try:
                    cleaned[name] = parse_day_ranges(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def ranges(self) -> dict[int, list[tuple[dt.time, dt.time]]]:
        return {day: self.cleaned_data[f"day_{day}"] for day in range(7)}


class ClosureForm(forms.Form):
    label = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Shown on the public page, e.g. “Christmas holidays”."),
    )
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("To (included)"), widget=DATE)
    start_time = forms.TimeField(
        label=_("From (time)"),
        required=False,
        widget=TIME,
        help_text=_("Leave both times empty to close whole days."),
    )
    end_time = forms.TimeField(label=_("To (time)"), required=False, widget=TIME)


class OpeningForm(forms.Form):
    label = forms.CharField(
        label=_("Occasion"),
        max_length=200,
        help_text=_("Shown on the public page, e.g. “Open day”."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    opens_at = forms.TimeField(label=_("Opens at"), widget=TIME)
    closes_at = forms.TimeField(label=_("Closes at"), widget=TIME)
