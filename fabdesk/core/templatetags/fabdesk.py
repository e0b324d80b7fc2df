"""Template helpers shared by every app: roles, money."""

from decimal import Decimal

from django import template

from fabdesk.core.markdown import markdown_to_html
from fabdesk.core.money import money_format
from fabdesk.members import permissions

register = template.Library()


@register.filter(name="is_staff")
def is_staff_filter(user) -> bool:
    return permissions.is_staff(user)


@register.filter(name="is_admin")
def is_admin_filter(user) -> bool:
    return permissions.is_admin(user)


@register.simple_tag(takes_context=True)
def money(context, amount: Decimal, currency: str | None = None) -> str:
    """{% money amount %} in the lab's currency and the reader's locale."""
    lab = context.get("lab")
    return money_format(Decimal(amount), currency or (lab.currency if lab else "EUR"))


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ machine.description|markdown }}: Markdown to HTML, sanitised (no script)."""
    return markdown_to_html(text)
