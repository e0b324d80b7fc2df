"""Filters of the booking staff pages: `{{ rule.min_minutes|minutes }}` → "1 h 30"."""

from django import template

from fabdesk.booking.forms import duration_label

register = template.Library()


@register.filter
def minutes(value) -> str:
    if value in (None, ""):
        return "—"
    return duration_label(int(value))
