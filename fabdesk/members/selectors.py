"""Reads about members, with their joins done."""

from django.db.models import Count, Q, QuerySet

from fabdesk.core.models import Lab

from .models import MemberGroup, User
from .roles import Role


def member_list(
    *,
    lab: Lab,
    search: str = "",
    group_id: int | None = None,
    status: str = "",
    role: str = "",
) -> QuerySet[User]:
    """Members of a lab filtered the way the staff list and the API filter them."""
    qs = User.objects.filter(lab=lab).select_related("member_group").prefetch_related("groups")
    for word in search.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__icontains=word)
        )
    if group_id:
        qs = qs.filter(member_group_id=group_id)
    if status:
        qs = qs.filter(status=status)
    if role == Role.ADMIN:
        qs = qs.filter(Q(groups__name=Role.ADMIN) | Q(is_superuser=True))
    elif role == Role.STAFF:
        qs = qs.filter(groups__name=Role.STAFF)
    elif role == Role.MEMBER:
        qs = qs.exclude(groups__name__in=[Role.STAFF, Role.ADMIN]).exclude(is_superuser=True)
    return qs.distinct().order_by("last_name", "first_name", "email")


def member_group_list(*, lab: Lab) -> QuerySet[MemberGroup]:
    return MemberGroup.objects.filter(lab=lab).order_by("position", "name")


def member_group_usage(*, lab: Lab) -> QuerySet[MemberGroup]:
    """The lab's groups in order, each with `member_count`."""
    return member_group_list(lab=lab).annotate(member_count=Count("members"))
