"""Registering for an event or a course, confirming a visitor's address, cancelling, and
what staff do with registrations (add, validate, move).

Every service that can take or free a seat locks the pool's row first (`seats.lock_pool`)
and counts seats under that lock, so the last seat is never sold twice (ADR 0012). A
visitor's registration waits for the confirmation of their address and holds no seat until
then; confirming takes the seats, or a place on the waitlist when they are gone. A refusal
raises before anything is written, so nothing is half done."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record

from .links import CONFIRM_MAX_AGE, registration_from_confirm_link, registration_from_manage_link
from .models import Event, EventSeries, Registration, RegistrationStatus, TicketCategory
from .notices import (
    cancel_deadline,
    registration_pool,
    send_confirmation_link,
    tell_placed,
    tell_registrant,
)
from .permissions import can_manage_events
from .registration_rules import (
    check_access,
    check_category,
    check_member,
    clean_visitor,
    local,
    window_refusal,
)
from .seats import Pool, lock_pool, pool_of, registrations_of, rules_event, seats_left
from .signals import confirmed_send, registration_cancelled
from .waitlist import waitlist_promote

S = RegistrationStatus


def _authenticated(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _pool(*, event: Event | None, series: EventSeries | None) -> Pool:
    if event is not None:
        return pool_of(event)
    if series is None or not series.is_course:
        raise Invalid(_("Choose an event to register for."), code="no_event")
    return series


def place(registration: Registration, *, pool: Pool, rules: Event, validated: bool) -> None:
    """Give the registration its seats (confirmed, or waiting for validation) when they are
    free, else a place at the end of the waitlist. The pool is locked by the caller; the
    registration holds no seat yet. Sets the fields, does not save."""
    now = timezone.now()
    left = seats_left(pool)
    if left is None or registration.seats <= left:
        needs_validation = rules.requires_validation and not validated
        registration.status = S.PENDING_VALIDATION if needs_validation else S.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = S.WAITLISTED
        registration.waitlisted_at = now


def _release_expired_confirmation(pool: Pool, email: str) -> None:
    """A visitor who never confirmed within the link's life does not block the address."""
    expired_before = timezone.now() - CONFIRM_MAX_AGE
    registrations_of(pool).filter(
        email=email, status=S.PENDING_CONFIRMATION, created_at__lt=expired_before
    ).update(status=S.CANCELLED, cancelled_at=timezone.now(), cancel_reason="not confirmed")


def _already(pool: Pool, email: str, *, own: bool) -> None:
    existing = registrations_of(pool).exclude(status=S.CANCELLED).filter(email=email).first()
    if existing is None:
        return
    if existing.status == S.PENDING_CONFIRMATION:
        message = _(
            "This address is already registered and waits for its confirmation: follow the "
            "link in the mail we sent (look in the spam folder too)."
        )
    elif own:
        message = _("You are already registered for this event.")
    else:
        message = _("%(email)s is already registered for this event.") % {"email": email}
    raise Conflict(message, code="already_registered", field="email")


@transaction.atomic
def registration_create(
    *,
    actor,
    category: TicketCategory,
    event: Event | None = None,
    series: EventSeries | None = None,
    seats: int = 1,
    member=None,
    name: str = "",
    email: str = "",
    language: str = "",
    note: str = "",
    access_token: str = "",
) -> Registration:
    """Register for an event (or a course: `series`, or any of its sessions as `event`).

    - A member (`actor`) registers themself: seats at once, or the waitlist when full.
    - A visitor (`actor` None or anonymous) gives `name` and `email`: the registration waits
      for the address to be confirmed (a link by mail) and holds no seat until then.
    - The lab's staff add a member (`member=`) or a visitor (`name`, `email`, no
      confirmation needed), whatever the registration dates; their additions need no
      validation.
    A private event needs its link (`access_token`) or an invitation."""
    pool = _pool(event=event, series=series)
    staff = _authenticated(actor) and can_manage_events(actor, pool.lab_id)
    if member is not None and (not _authenticated(actor) or member.pk != actor.pk) and not staff:
        raise Forbidden(_("Only the lab's staff can register someone else."), code="staff_only")
    if member is None and _authenticated(actor) and not (staff and email):
        member = actor
    if member is not None and staff and member.lab_id != pool.lab_id:
        raise NotFound(_("This member does not exist."), code="not_found")
    pool = lock_pool(pool)
    rules = rules_event(pool)
    now = timezone.now()
    refusal = window_refusal(rules=rules, now=now, staff=staff)
    if refusal is not None:
        raise refusal
    check_access(rules=rules, member=member, staff=staff, access_token=access_token)
    if member is not None:
        check_member(member)
        name, email = member.get_full_name() or member.email, member.email.lower()
    else:
        name, email = clean_visitor(name=name, email=email)
    seats = check_category(category=category, pool=pool, member=member, seats=seats)
    _release_expired_confirmation(pool, email)
    _already(pool, email, own=member is not None and member.pk == getattr(actor, "pk", None))
    registration = Registration(
        **({"series": pool} if isinstance(pool, EventSeries) else {"event": pool}),
        member=member,
        name=name,
        email=email,
        email_confirmed_at=now if member is not None or staff else None,
        language=(language or "")[:10],
        category=category,
        seats=seats,
        unit_price=category.price,
        price=category.price * seats,
        note=(note or "").strip()[:300],
        added_by=actor if staff and member != actor else None,
        status=S.PENDING_CONFIRMATION,
    )
    if member is not None or staff:
        place(registration, pool=pool, rules=rules, validated=staff)
        if staff:
            registration.validated_at = now if rules.requires_validation else None
            registration.validated_by = actor if rules.requires_validation else None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise Conflict(
            _("This address is already registered for this event."),
            code="already_registered",
            field="email",
        ) from None
    if registration.added_by_id:
        audit_record(
            actor=actor,
            target=registration,
            action="events.registration_added",
            changes={"status": [None, registration.status], "seats": [None, seats]},
        )
    if registration.status == S.PENDING_CONFIRMATION:
        send_confirmation_link(registration)
    else:
        tell_placed(registration)
    confirmed_send(registration, actor=actor if _authenticated(actor) else None)
    return registration


def _locked(registration: Registration) -> tuple[Pool, Registration]:
    pool = lock_pool(registration_pool(registration))
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    return pool, registration


@transaction.atomic
def registration_confirm_email(*, link: str) -> Registration:
    """The visitor followed the link mailed to them: their address is confirmed and the
    registration takes its seats, or a place on the waitlist when they are gone. Following
    the link again changes nothing."""
    pool, registration = _locked(registration_from_confirm_link(link))
    if registration.status == S.CANCELLED:
        raise Invalid(
            _("This registration was cancelled: register again if you wish."),
            code="registration_cancelled",
        )
    if registration.status != S.PENDING_CONFIRMATION:
        return registration
    rules = rules_event(pool)
    refusal = window_refusal(rules=rules, now=timezone.now(), staff=False)
    if refusal is not None and refusal.code not in ("registration_closed",):
        raise refusal
    registration.email_confirmed_at = timezone.now()
    place(registration, pool=pool, rules=rules, validated=False)
    registration.save(
        update_fields=["email_confirmed_at", "status", "confirmed_at", "waitlisted_at"]
    )
    tell_placed(registration)
    confirmed_send(registration, actor=None)
    return registration


def registration_get_by_link(*, link: str) -> Registration:
    """The registration behind a manage link (bad_link when it was cut or changed)."""
    return registration_from_manage_link(link)


@transaction.atomic
def registration_cancel(
    *, actor=None, registration: Registration | None = None, link: str = "", reason: str = ""
) -> Registration:
    """Give up a registration: the attendee (logged in, or through the link in their mail)
    until the event's deadline for seats, until the start for a place on the waitlist; the
    lab's staff at any time. Seats freed go to the waitlist."""
    by_link = bool(link)
    if by_link:
        registration = registration_from_manage_link(link)
    if registration is None:
        raise NotFound(_("This registration does not exist."), code="not_found")
    pool, registration = _locked(registration)
    staff = _authenticated(actor) and can_manage_events(actor, pool.lab_id)
    own = _authenticated(actor) and registration.member_id == actor.pk
    if not (by_link or own or staff):
        raise NotFound(_("This registration does not exist."), code="not_found")
    if registration.status == S.CANCELLED:
        raise Conflict(_("This registration is already cancelled."), code="already_cancelled")
    rules = rules_event(pool)
    now = timezone.now()
    if not staff:
        if rules is None or rules.starts_at <= now:
            raise Invalid(
                _("The event has started: the registration can no longer be cancelled."),
                code="event_started",
            )
        deadline = cancel_deadline(rules)
        if registration.holds_seats and now > deadline:
            raise Invalid(
                _(
                    "Seats can be given up until %(deadline)s. It is too late now: please "
                    "tell the lab."
                )
                % {"deadline": local(deadline, pool.lab)},
                code="deadline_passed",
            )
    held = registration.holds_seats
    was = registration.status
    registration.status, registration.cancelled_at = S.CANCELLED, now
    registration.cancelled_by = actor if _authenticated(actor) else None
    registration.cancel_reason = (reason or "").strip()[:300]
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    if staff and not own:
        audit_record(
            actor=actor,
            target=registration,
            action="events.registration_cancelled",
            changes={"status": [was, registration.status]},
            reason=registration.cancel_reason,
        )
    tell_registrant(
        registration,
        what="cancelled",
        by_staff=staff and not own,
        reason=registration.cancel_reason,
    )
    registration_cancelled.send(
        sender=Registration,
        registration=registration,
        actor=actor if _authenticated(actor) else None,
        by_lab=False,
    )
    if held:
        waitlist_promote(pool=pool)
    return registration


def _staff_only(actor, pool: Pool) -> None:
    if not (_authenticated(actor) and can_manage_events(actor, pool.lab_id)):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")


@transaction.atomic
def registration_validate(*, actor, registration: Registration) -> Registration:
    """Staff accept a registration that waits for validation: its seats are confirmed."""
    _staff_only(actor, registration_pool(registration))
    _pool_locked, registration = _locked(registration)
    if registration.status != S.PENDING_VALIDATION:
        raise Conflict(
            _("This registration does not wait for validation."), code="not_pending_validation"
        )
    registration.status = S.CONFIRMED
    registration.validated_at, registration.validated_by = timezone.now(), actor
    registration.save(update_fields=["status", "validated_at", "validated_by"])
    audit_record(
        actor=actor,
        target=registration,
        action="events.registration_validated",
        changes={"status": [S.PENDING_VALIDATION, S.CONFIRMED]},
    )
    tell_registrant(registration, what="validated")
    confirmed_send(registration, actor=actor)
    return registration


def _target_category(to_event: Event, registration: Registration, category) -> TicketCategory:
    if category is not None:
        return category
    categories = to_event.categories.filter(is_active=True)
    same = categories.filter(audience=registration.category.audience).first()
    chosen = same or categories.first()
    if chosen is None:
        raise Invalid(
            _("The other event has no ticket on sale: add one first."), code="no_category"
        )
    return chosen


@transaction.atomic
def registration_move(
    *, actor, registration: Registration, to_event: Event, category: TicketCategory | None = None
) -> Registration:
    """Staff move someone to another event of the lab (another date of a workshop): the old
    registration is cancelled, a new one takes seats in the other event, or its waitlist
    when full. Seats freed in the first event go to its waitlist. Returns the new one."""
    source = registration_pool(registration)
    _staff_only(actor, source)
    if not isinstance(source, Event):
        raise Invalid(_("A course registration cannot be moved."), code="course_not_movable")
    target = pool_of(to_event)
    if not isinstance(target, Event) or target.lab_id != source.lab_id:
        raise Invalid(_("Choose another event of the lab."), code="bad_target", field="to_event")
    if target.pk == source.pk:
        raise Invalid(_("This is the same event."), code="same_event", field="to_event")
    # Two rows locked in one order (by id), so two opposite moves cannot deadlock.
    locked = {pool.pk: lock_pool(pool) for pool in sorted([source, target], key=lambda p: p.pk)}
    source, target = locked[source.pk], locked[target.pk]
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status == S.CANCELLED:
        raise Conflict(_("This registration is already cancelled."), code="already_cancelled")
    refusal = window_refusal(rules=target, now=timezone.now(), staff=True)
    if refusal is not None:
        raise refusal
    category = _target_category(target, registration, category)
    seats = check_category(
        category=category, pool=target, member=registration.member, seats=registration.seats
    )
    _already(target, registration.email, own=False)
    held, now = registration.holds_seats, timezone.now()
    registration.status, registration.cancelled_at, registration.cancelled_by = (
        S.CANCELLED, now, actor,
    )  # fmt: skip
    registration.cancel_reason = _("Moved to “%(event)s”") % {"event": target.title}
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    registration_cancelled.send(sender=Registration, registration=registration, actor=actor,
                                by_lab=True)  # fmt: skip
    moved = Registration(
        event=target,
        member=registration.member,
        name=registration.name,
        email=registration.email,
        email_confirmed_at=registration.email_confirmed_at or now,
        language=registration.language,
        category=category,
        seats=seats,
        unit_price=category.price,
        price=category.price * seats,
        note=registration.note,
        added_by=actor,
        status=S.CONFIRMED,
    )
    place(moved, pool=target, rules=target, validated=True)
    moved.save()
    audit_record(
        actor=actor,
        target=moved,
        action="events.registration_moved",
        changes={"event": [source.title, target.title], "status": [None, moved.status]},
    )
    tell_registrant(moved, what="moved", previous=source)
    confirmed_send(moved, actor=actor)
    if held:
        waitlist_promote(pool=source)
    return moved
