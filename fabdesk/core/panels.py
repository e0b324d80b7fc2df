"""Panels of the home pages. The member home ("what is coming up for me") and the staff
"today" page are lists of panels that each app registers in its AppConfig.ready():

    register_panel(page="today", template="booking/panels/today.html",
                   context=lambda request: {...}, order=20)

A panel whose context function returns None is not shown (nothing to say today)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Page = Literal["today", "member_home"]


@dataclass(frozen=True)
class Panel:
    page: Page
    template: str
    context: Callable[[Any], dict | None]
    order: int = 50


_PANELS: list[Panel] = []


def register_panel(
    *, page: Page, template: str, context: Callable[[Any], dict | None], order: int = 50
) -> None:
    if any(p.page == page and p.template == template for p in _PANELS):
        return  # ready() may run twice in tests
    _PANELS.append(Panel(page=page, template=template, context=context, order=order))


def panels_for(request, page: Page) -> list[dict]:
    shown = []
    for panel in sorted((p for p in _PANELS if p.page == page), key=lambda p: p.order):
        ctx = panel.context(request)
        if ctx is not None:
            shown.append({"template": panel.template, "context": ctx})
    return shown
