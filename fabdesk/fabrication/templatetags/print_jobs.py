"""Template helpers of the print pages: durations and sizes as people read them."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """3720 → "1 h 02 min"; 300 → "5 min"."""
    try:
        total_minutes = max(0, round(int(seconds) / 60))
    except (TypeError, ValueError):
        return ""
    hours, minutes = divmod(total_minutes, 60)
    if hours:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


@register.filter
def size_mm(bbox) -> str:
    """[40.0, 20.5, 10.0] → "40 x 20.5 x 10 mm" (with multiplication signs)."""
    try:
        return " \N{MULTIPLICATION SIGN} ".join(f"{float(v):g}" for v in bbox) + " mm"
    except (TypeError, ValueError):
        return ""
