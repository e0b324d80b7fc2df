"""Sections other apps add to a machine's page, below its description: the trainings a member
needs before using it, its next bookings... An app registers one in AppConfig.ready():

    register_machine_section(
        template="training/machine_section.html",
        context=lambda request, machine: {...} or None,
        order=20,
    )

A section whose context function returns None is not shown."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MachineSection:
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 50


_SECTIONS: list[MachineSection] = []


def register_machine_section(
    *, template: str, context: Callable[[Any, Any], dict | None], order: int = 50
) -> None:
    if any(s.template == template for s in _SECTIONS):
        return  # ready() may run twice in tests
    _SECTIONS.append(MachineSection(template=template, context=context, order=order))


def sections_for(request, machine) -> list[dict]:
    shown = []
    for section in sorted(_SECTIONS, key=lambda s: s.order):
        ctx = section.context(request, machine)
        if ctx is not None:
            shown.append({"template": section.template, "context": ctx})
    return shown
