"""`{% booking_record member %}`: the member's bookings line on their staff record (no-shows)."""

from django import template

from fabdesk.booking.lifecycle_selectors import no_show_count

register = template.Library()


@register.inclusion_tag("booking/includes/member_record.html")
def booking_record(member) -> dict:
    return {"no_shows": no_show_count(member)}
