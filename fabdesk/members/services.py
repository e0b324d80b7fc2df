"""Rules for creating and changing members. The staff UI, the CSV import, the API and the
demo all go through these functions; every staff change is written to the audit log."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.csv_import import refuse_rejected, row_failed
from fabdesk.core.errors import Conflict, DomainError, Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record, model_diff, model_snapshot
from fabdesk.notifications.services import notify

from .importing import ImportReport, ImportRow, import_check
from .models import MemberGroup, User
from .permissions import can_change_role, is_staff
from .roles import Role, role_of, role_set

PROFILE_FIELDS = [
    "first_name", "last_name", "phone", "organisation", "address_line1", "address_line2",
    "postal_code", "city", "country", "birth_date", "language",
]  # fmt: skip
STAFF_FIELDS = [*PROFILE_FIELDS, "email", "member_group", "trusted", "notes"]


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
    audit_action: str = "member.created",
    send_welcome: bool = False,
    **profile: Any,
) -> User:
    """Create a member of `lab`. Raises Conflict if the email is taken (whatever its case).
    With `send_welcome`, the member gets a link to choose their password (member_welcome)."""
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
            action=audit_action,
            changes={
                f: [None, str(getattr(user, f))]
                for f in ("email", "member_group", "status", *profile)
                if getattr(user, f) not in (None, "")
            },
        )
    if send_welcome:
        member_welcome(member=user)
    return user


def _is_staff_of_lab(actor: User, member: User) -> bool:
    return is_staff(actor) and actor.lab_id == member.lab_id


@transaction.atomic
def member_update(
    *, actor: User, member: User, data: dict[str, Any], audit_action: str = "member.updated"
) -> User:
    """Change a member's record. A member may change their own profile fields (their email
    changes through allauth's verified flow, never here); staff of the member's lab may also
    change email, group and notes."""
    staff_of_lab = _is_staff_of_lab(actor, member)
    if not staff_of_lab and actor.pk != member.pk:
        raise Forbidden(_("You cannot change this member."), code="not_your_member")
    fields = STAFF_FIELDS if staff_of_lab else PROFILE_FIELDS
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
        audit_record(actor=actor, target=member, action=audit_action, changes=changes)
    return member


@transaction.atomic
def member_set_status(*, actor: User, member: User, status: str, reason: str = "") -> User:
    """Validate (pending → active), suspend or reinstate a member (staff of the member's lab
    only). Suspending needs a reason."""
    if not _is_staff_of_lab(actor, member):
        raise Forbidden(_("Only the lab's staff can change a member's status."), code="staff_only")
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
    if status == User.Status.SUSPENDED:
        notify(recipient=member, kind="members.suspended", context={"reason": reason.strip()})
    elif old == User.Status.PENDING and status == User.Status.ACTIVE:
        notify(recipient=member, kind="members.validated", url=reverse("core:home"))
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


def member_welcome(*, member: User) -> None:
    """Tell a member staff just created that their account exists, with a link to choose
    their password. Staff typed the address, so it counts as verified; the link proves it."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress
    from allauth.account.utils import user_pk_to_url_str

    EmailAddress.objects.get_or_create(
        user=member, email=member.email, defaults={"primary": True, "verified": True}
    )
    set_password_url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(member),
            "key": default_token_generator.make_token(member),
        },
    )
    notify(
        recipient=member,
        kind="members.welcome",
        url=set_password_url,
        context={"reset_url": f"{settings.SITE_URL}{reverse('account_reset_password')}"},
    )


@transaction.atomic
def member_import(*, actor: User, lab: Lab, content: str) -> ImportReport:
    """Create or update the lab's members from a CSV (decoded text), all or nothing.

    Checks the content again (it may have been checked against older data), refuses it if any
    row is rejected, and rolls everything back if one row fails while writing."""
    report = import_check(actor=actor, lab=lab, content=content)
    refuse_rejected(len(report.rejected))
    for row in report.rows:
        try:
            _import_row(actor=actor, lab=lab, row=row)
        except DomainError as exc:
            raise row_failed(row.line, exc) from exc
    return report


def _import_row(*, actor: User, lab: Lab, row: ImportRow) -> None:
    if row.action == "create":
        member_create(
            actor=actor, lab=lab, email=row.email, audit_action="member.imported", **row.values
        )
    elif row.action == "update":
        data = {name: row.values[name] for name in row.changes if name != "status"}
        if data:
            member_update(actor=actor, member=row.member, data=data, audit_action="member.imported")
        if "status" in row.changes:
            member_set_status(
                actor=actor,
                member=row.member,
                status=row.values["status"],
                reason=_("Changed by a CSV import."),
            )
