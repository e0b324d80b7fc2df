"""Rules for creating and changing members. The staff UI, the CSV import, the API and the
demo all go through these functions; every staff change is written to the audit log."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record, model_diff, model_snapshot

from .models import MemberGroup, User
from .permissions import can_change_role
from .roles import Role, role_of, role_set

PROFILE_FIELDS = [
    "first_name", "last_name", "phone", "organisation", "address_line1", "address_line2",
    "postal_code", "city", "country", "birth_date", "language",
]  # fmt: skip
STAFF_FIELDS = [*PROFILE_FIELDS, "email", "member_group", "notes"]


def _normalise_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def _check_email_free(email: str, *, exclude_pk: int | None = None) -> None:
    taken = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(
            _("A member with the email address %(email)s already exists.") % {"email": email},
            code="email_taken",
            field="email",
        )


def _check_group(lab: Lab, group: MemberGroup | None) -> None:
    if group is not None and group.lab_id != lab.pk:
        raise Invalid(
            _("This member group belongs to another lab."), code="bad_group", field="member_group"
        )


def _full_clean(user: User) -> None:
    try:
        user.full_clean(exclude=["password", "lab"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(messages[0], code="invalid", field=field) from exc


@transaction.atomic
def member_create(
    *,
    actor: User | None,
    lab: Lab,
    email: str,
    first_name: str = "",
    last_name: str = "",
    member_group: MemberGroup | None = None,
    status: str = User.Status.ACTIVE,
    role: Role | str = Role.MEMBER,
    password: str | None = None,
    **profile: Any,
) -> User:
    """Create a member of `lab`. Raises Conflict if the email is taken (whatever its case)."""
    email = _normalise_email(email)
    _check_email_free(email)
    _check_group(lab, member_group)
    if member_group is None:
        member_group = MemberGroup.objects.filter(lab=lab, is_default=True).first()
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown member fields: {sorted(unknown)}")
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        lab=lab,
        member_group=member_group,
        status=status,
        **profile,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _full_clean(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent request took the email in between
        raise Conflict(
            _("A member with the email address %(email)s already exists.") % {"email": email},
            code="email_taken",
            field="email",
        ) from exc
    role_set(user=user, role=role)
    if actor is not None:
        audit_record(
            actor=actor,
            target=user,
            action="member.created",
            changes={f: [None, str(getattr(user, f))] for f in ("email", "member_group", "status")},
        )
    return user


@transaction.atomic
def member_update(*, actor: User, member: User, data: dict[str, Any]) -> User:
    """Change a member's record. A member may change their own profile fields; staff may also
    change email, group and notes (the caller checked which fields it lets through)."""
    fields = PROFILE_FIELDS if actor.pk == member.pk and "email" not in data else STAFF_FIELDS
    unknown = set(data) - set(fields)
    if unknown:
        raise Forbidden(
            _("You cannot change these fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before = model_snapshot(member, fields)
    if "email" in data:
        data = {**data, "email": _normalise_email(data["email"])}
        _check_email_free(data["email"], exclude_pk=member.pk)
    if "member_group" in data:
        _check_group(member.lab, data["member_group"])
    for name, value in data.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    _full_clean(member)
    member.save()
    changes = model_diff(before, member, fields)
    if changes and "email" in changes:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=member).delete()
        EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    if changes and actor.pk != member.pk:
        audit_record(actor=actor, target=member, action="member.updated", changes=changes)
    return member


@transaction.atomic
def member_set_status(*, actor: User, member: User, status: str, reason: str = "") -> User:
    """Validate (pending → active), suspend or reinstate a member. Suspending needs a reason."""
    if status not in User.Status.values:
        raise Invalid(_("Unknown status."), code="bad_status")
    if member.pk == actor.pk:
        raise Forbidden(_("You cannot change your own status."), code="own_status")
    if status == User.Status.SUSPENDED and not reason.strip():
        raise Invalid(_("Say why the member is suspended."), code="reason_required", field="reason")
    old = member.status
    if old == status:
        return member
    member.status = status
    member.status_reason = reason.strip()
    member.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor,
        target=member,
        action="member.status_changed",
        changes={"status": [old, status]},
        reason=reason,
    )
    return member


@transaction.atomic
def member_set_role(*, actor: User, member: User, role: Role | str) -> User:
    if not can_change_role(actor, member):
        raise Forbidden(
            _("Only an admin can change roles, and not their own."), code="role_forbidden"
        )
    old = role_of(member)
    role_set(user=member, role=role)
    if old != Role(role):
        audit_record(
            actor=actor,
            target=member,
            action="member.role_changed",
            changes={"role": [old.value, Role(role).value]},
        )
    return member


def member_record_consent(*, member: User, terms: bool, newsletter: bool) -> User:
    """Store the consents a member gives or withdraws, with the date they gave them."""
    now = timezone.now()
    if terms and member.terms_accepted_at is None:
        member.terms_accepted_at = now
    if newsletter and member.newsletter_consent_at is None:
        member.newsletter_consent_at = now
    if not newsletter:
        member.newsletter_consent_at = None
    member.save(update_fields=["terms_accepted_at", "newsletter_consent_at"])
    return member
