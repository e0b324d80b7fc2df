"""The embeddable agenda: a small page the lab's own website shows in an `<iframe>`. It
is the only page that may be framed (X-Frame-Options exempt); its links open in a new tab,
so a visitor registers on Fabdesk itself. `?type=<id>` keeps one event type, `?limit=` how
many events (10 by default, at most 50)."""

from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from .selectors import agenda

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def _number(value: str | None, *, default: int | None) -> int | None:
    if value and value.isdigit() and len(value) <= 9:
        return int(value)
    return default


@xframe_options_exempt
def embed(request):
    event_type_id = _number(request.GET.get("type"), default=None)
    limit = min(_number(request.GET.get("limit"), default=DEFAULT_LIMIT) or DEFAULT_LIMIT,
                MAX_LIMIT)  # fmt: skip
    events = agenda(lab=request.lab, event_type_id=event_type_id)[:limit]
    return render(request, "events/embed/agenda.html", {"events": events, "lab": request.lab})
