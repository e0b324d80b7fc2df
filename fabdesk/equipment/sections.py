"""Sections other apps add to a machine's or a space's page, below its description: the
trainings a member needs before using a machine, the "Book this space" link... An app
registers one in AppConfig.ready():

    register_machine_section(
        template="training/machine_section.html",
        context=lambda request, machine: {...} or None,
        order=20,
    )

and `register_space_section(...)` the same way for a space's page. A section whose context
function returns None is not shown."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 50


_SECTIONS: dict[str, list[Section]] = {"machine": [], "space": []}


def _register(page: str, *, template: str, context, order: int) -> None:
    sections = _SECTIONS[page]
    if any(s.template == template for s in sections):
        return  # ready() may run twice in tests
    sections.append(Section(template=template, context=context, order=order))


def _shown(page: str, request, obj) -> list[dict]:
    shown = []
    for section in sorted(_SECTIONS[page], key=lambda s: s.order):
        ctx = section.context(request, obj)
        if ctx is not None:
            shown.append({"template": section.template, "context": ctx})
    return shown


def register_machine_section(
    *, template: str, context: Callable[[Any, Any], dict | None], order: int = 50
) -> None:
    _register("machine", template=template, context=context, order=order)


def register_space_section(
    *, template: str, context: Callable[[Any, Any], dict | None], order: int = 50
) -> None:
    _register("space", template=template, context=context, order=order)


def sections_for(request, machine) -> list[dict]:
    """The sections a machine's page shows, in order."""
    return _shown("machine", request, machine)


def space_sections_for(request, space) -> list[dict]:
    """The sections a space's page shows, in order."""
    return _shown("space", request, space)
