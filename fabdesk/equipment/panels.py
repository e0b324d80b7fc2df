"""The workshop's panel on the staff "today" page: machines out of order or in maintenance,
with why and since when."""

from .selectors import machines_not_in_service

SHOWN = 10


def today_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None:
        return None
    machines = list(machines_not_in_service(lab=lab)[: SHOWN + 1])
    if not machines:
        return None
    more = machines_not_in_service(lab=lab).count() - SHOWN if len(machines) > SHOWN else 0
    return {"machines": machines[:SHOWN], "more": more}
