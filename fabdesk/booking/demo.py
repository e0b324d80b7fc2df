"""The demo lab's bookings: a lab-wide rule and rules for 3D printers (30-minute steps, up
to 4 hours) and laser cutters (15-minute steps, up to 2 hours, 15 minutes to let the fumes
clear); three weeks of past bookings (mostly completed, a few no-shows, a few cancelled) and
two weeks of upcoming ones, for members the certification check lets use each machine, all
within the demo opening hours. The meeting room ("Salle de réunion", a bookable space) has
its own rule and is shared by a few bookings of several people; the fab manager blocked a
3D printer for maintenance (made first: the members' bookings go around it).

Registered with fabdesk.core.demo at order 60, after the opening hours (15), the workshop
(20) and the certifications (50). Upcoming bookings go through `booking_create`, which
refuses the past: past ones are stored as they would have ended. Running it again adds
nothing."""

import datetime as dt
import random

from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.errors import DomainError
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus, Space
from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.schedule.selectors import opening_ranges
from fabdesk.training.certification_check import certification_check

from .block_services import block_create
from .models import Booking, BookingRule, BookingStatus
from .rules import rule_for
from .services import booking_create

Kind = MachineCategory.Kind
CATEGORY_RULES = {  # category kind: the rule's values
    Kind.FDM_PRINTER: {"slot_minutes": 30, "min_minutes": 30, "max_minutes": 240},
    Kind.RESIN_PRINTER: {"slot_minutes": 30, "min_minutes": 30, "max_minutes": 240},
    Kind.LASER_CUTTER: {"slot_minutes": 15, "min_minutes": 15, "max_minutes": 120,
                        "buffer_minutes": 15, "max_hours_per_week": 6},
}  # fmt: skip
LAB_RULE = {"slot_minutes": 30, "min_minutes": 30, "max_minutes": 180, "advance_days": 30}
ROOM = "salle-de-reunion"
ROOM_RULE = {"slot_minutes": 30, "min_minutes": 60, "max_minutes": 240, "max_hours_per_week": 8,
             "requires_certification": False}  # fmt: skip
BLOCK_NOTE = "Maintenance : changement de buse"
PAST_DAYS, AHEAD_DAYS = 21, 14
MEMBERS_PER_MACHINE = 5
SEED = 1905


def _rules(run: DemoRun) -> None:
    BookingRule.objects.get_or_create(
        lab=run.lab, machine=None, category=None, space=None, defaults=LAB_RULE
    )
    for category in MachineCategory.objects.filter(lab=run.lab, kind__in=CATEGORY_RULES):
        BookingRule.objects.get_or_create(
            lab=run.lab, category=category, defaults=CATEGORY_RULES[category.kind]
        )
    room = _room(run)
    if room is not None:
        BookingRule.objects.get_or_create(lab=run.lab, space=room, defaults=ROOM_RULE)


def _room(run: DemoRun) -> Space | None:
    return Space.objects.filter(lab=run.lab, slug=ROOM, bookable=True).select_related("lab").first()


def _machines(run: DemoRun) -> list[Machine]:
    return list(
        Machine.objects.filter(
            lab=run.lab, bookable=True, status=MachineStatus.IN_SERVICE,
            category__kind__in=CATEGORY_RULES,
        ).select_related("category", "lab").order_by("pk")
    )  # fmt: skip


def _users(run: DemoRun, machine: Machine) -> list[User]:
    """Active members the one certification check lets use the machine (ADR 0008)."""
    members = User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, is_active=True)
    allowed = [
        member
        for member in members.order_by("pk")
        if certification_check(member=member, machine=machine).allowed
    ]
    return allowed[:MEMBERS_PER_MACHINE]


def _slots(lab, resource, rng: random.Random, start: dt.datetime, end: dt.datetime):
    """Non-overlapping (start, end) bookings of the machine or space inside the opening
    ranges, aligned on its rule: about one in two ranges gets one or two bookings."""
    rule = rule_for(resource)
    step = dt.timedelta(minutes=rule.slot_minutes)
    buffer = dt.timedelta(minutes=rule.buffer_minutes)
    for open_start, open_end in opening_ranges(lab=lab, start=start, end=end):
        cursor = timezone.localtime(open_start, lab.tzinfo)
        closes = timezone.localtime(open_end, lab.tzinfo)
        while rng.random() < 0.55:
            begin = cursor + step * rng.randint(0, 4)
            length = step * rng.randint(rule.min_minutes // rule.slot_minutes or 1,
                                        rule.max_minutes // rule.slot_minutes)  # fmt: skip
            if begin + length > closes or begin < start:
                break
            yield begin, begin + length
            cursor = begin + length + buffer


def _past(lab, machine, users, rng, now) -> None:
    start = now - dt.timedelta(days=PAST_DAYS)
    buffer = dt.timedelta(minutes=rule_for(machine).buffer_minutes)
    for begin, end in _slots(lab, machine, rng, start, now - dt.timedelta(hours=2)):
        member = rng.choice(users)
        roll = rng.random()
        status = (BookingStatus.NO_SHOW if roll < 0.08 else
                  BookingStatus.CANCELLED if roll < 0.15 else BookingStatus.COMPLETED)  # fmt: skip
        Booking.objects.create(
            lab=lab, machine=machine, member=member, start=begin, end=end,
            blocked_until=end + buffer, status=status, booked_by=member,
            checked_in_at=begin if status == BookingStatus.COMPLETED else None,
            closed_at=end if status != BookingStatus.CANCELLED else None,
            cancelled_at=begin - dt.timedelta(days=1) if status == BookingStatus.CANCELLED
            else None,
        )  # fmt: skip


def _upcoming(lab, machine, users, rng, now) -> None:
    start = now + dt.timedelta(hours=3)
    for begin, end in _slots(lab, machine, rng, start, now + dt.timedelta(days=AHEAD_DAYS)):
        member = rng.choice(users)
        try:
            booking_create(actor=member, machine=machine, member=member, start=begin, end=end)
        except DomainError:
            continue  # over the member's weekly limit, for example: the rules hold


def _room_bookings(run: DemoRun, rng: random.Random, now: dt.datetime) -> None:
    """A few meetings in the room, of 2 to 8 people each: some past, some to come."""
    room = _room(run)
    members = list(User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, is_active=True)
                   .order_by("pk")[:12])  # fmt: skip
    if room is None or not members:
        return
    for begin, end in _slots(run.lab, room, rng, now - dt.timedelta(days=7), now):
        if end < now:
            member = rng.choice(members)
            Booking.objects.create(
                lab=run.lab, space=room, member=member, people=rng.randint(2, 8), start=begin,
                end=end, blocked_until=end, status=BookingStatus.COMPLETED, booked_by=member,
                checked_in_at=begin, closed_at=end,
            )  # fmt: skip
    ahead = now + dt.timedelta(hours=3), now + dt.timedelta(days=AHEAD_DAYS)
    for begin, end in _slots(run.lab, room, rng, *ahead):
        member = rng.choice(members)
        try:
            booking_create(actor=member, member=member, space=room, people=rng.randint(2, 8),
                           start=begin, end=end)  # fmt: skip
        except DomainError:
            continue


def _maintenance_block(run: DemoRun, machines: list[Machine], now: dt.datetime) -> None:
    """The fab manager closes the first 3D printer for a morning in three days."""
    staff = User.objects.filter(lab=run.lab, groups__name=Role.STAFF.value).order_by("pk").first()
    printers = [m for m in machines if m.category.kind == Kind.FDM_PRINTER]
    if staff is None or not printers:
        return
    day = timezone.localtime(now, run.lab.tzinfo).date() + dt.timedelta(days=3)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=run.lab.tzinfo)
    block_create(actor=staff, machine=printers[0], start=start, end=start + dt.timedelta(hours=4),
                 note=BLOCK_NOTE)  # fmt: skip


def demo_bookings(run: DemoRun) -> None:
    _rules(run)
    if Booking.objects.filter(lab=run.lab).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 (demo data, not a secret)
    now = timezone.now().replace(second=0, microsecond=0)
    machines = _machines(run)
    _maintenance_block(run, machines, now)
    _room_bookings(run, rng, now)
    for machine in machines:
        users = _users(run, machine)
        if not users:
            continue
        _past(run.lab, machine, users, rng, now)
        _upcoming(run.lab, machine, users, rng, now)


register_demo_step(60, demo_bookings)
