"""Lists staff put in order by hand (member groups, machine categories...)."""

from django.db.models import QuerySet


def position_move(*, siblings: QuerySet, item, offset: int) -> tuple[int, int]:
    """Move `item` up (offset -1) or down (+1) among `siblings` (the rows of its list, `item`
    included); positions become 0..n-1. Call it inside a transaction. Returns the item's
    (old, new) index, equal when it was already at that end of the list."""
    rows = list(siblings.select_for_update().order_by("position", "name"))
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    for position, row in enumerate(rows):
        if row.position != position:
            siblings.model.objects.filter(pk=row.pk).update(position=position)
    item.position = target
    return index, target
