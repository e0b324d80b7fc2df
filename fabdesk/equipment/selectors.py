"""Reads about the workshop, with their joins done."""

from django.db.models import Count, Q, QuerySet

from fabdesk.core.models import Lab

from .models import Machine, MachineCategory, MachineStatus, Space


def machine_list(
    *,
    lab: Lab,
    category_id: int | None = None,
    status: str = "",
    space_id: int | None = None,
    include_retired: bool = False,
) -> QuerySet[Machine]:
    """The lab's machines as the catalogue and the API filter them. Retired machines only
    appear when asked for (or when filtering on that status)."""
    qs = Machine.objects.filter(lab=lab).select_related("category", "space")
    if category_id:
        qs = qs.filter(category_id=category_id)
    if status:
        qs = qs.filter(status=status)
    elif not include_retired:
        qs = qs.exclude(status=MachineStatus.RETIRED)
    if space_id:
        qs = qs.filter(space_id=space_id)
    return qs.order_by("category__position", "category__name", "position", "name")


def category_list(*, lab: Lab) -> QuerySet[MachineCategory]:
    return MachineCategory.objects.filter(lab=lab).annotate(
        machine_count=Count("machines", filter=~Q(machines__status=MachineStatus.RETIRED))
    )


def space_list(*, lab: Lab) -> QuerySet[Space]:
    return Space.objects.filter(lab=lab).annotate(
        machine_count=Count("machines", filter=~Q(machines__status=MachineStatus.RETIRED))
    )


def machines_not_in_service(*, lab: Lab) -> QuerySet[Machine]:
    """Machines out of order or in maintenance, the longest-stopped first (staff's board)."""
    return (
        Machine.objects.filter(
            lab=lab, status__in=[MachineStatus.OUT_OF_ORDER, MachineStatus.MAINTENANCE]
        )
        .select_related("category", "space")
        .order_by("status_since", "name")
    )


def machines_for_labels(
    *, lab: Lab, machine_ids: list[int] | None = None, **filters
) -> QuerySet[Machine]:
    """The machines a QR label sheet is printed for: those picked, else the catalogue's filter."""
    qs = machine_list(lab=lab, **filters)
    if machine_ids:
        qs = qs.filter(pk__in=machine_ids)
    return qs
