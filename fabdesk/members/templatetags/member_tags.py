"""Template helpers for member pages."""

from django import template

from fabdesk.members.roles import ROLE_LABELS, role_of

register = template.Library()


@register.filter
def role_label(user) -> str:
    """The person's role in words (uses the prefetched groups)."""
    return str(ROLE_LABELS[role_of(user)])
