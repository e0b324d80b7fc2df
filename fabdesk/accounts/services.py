"""Self-service rules: signing up, editing one's own profile, telling staff about newcomers."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.members.selectors import member_list
from fabdesk.members.services import (
    PROFILE_FIELDS,
    member_create,
    member_record_consent,
    member_update,
)
from fabdesk.notifications.services import notify

AWAITING_VALIDATION = "accounts.member_awaiting_validation"


@transaction.atomic
def member_sign_up(
    *,
    lab: Lab,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    terms_accepted: bool,
    newsletter: bool = False,
) -> User:
    """Create the account of a person signing up on their own: a member of `lab` in its
    default group, waiting for validation when the lab asks for it. The terms must be
    accepted; both consents are stored with today's date."""
    if not terms_accepted:
        raise Invalid(
            _("You must accept the lab's terms to become a member."),
            code="terms_required",
            field="terms",
        )
    status = User.Status.PENDING if lab.requires_member_validation else User.Status.ACTIVE
    member = member_create(
        actor=None,
        lab=lab,
        email=email,
        first_name=first_name,
        last_name=last_name,
        status=status,
        role=Role.MEMBER,
        password=password,
        language=language if language in dict(settings.LANGUAGES) else "",
    )
    return member_record_consent(member=member, terms=True, newsletter=newsletter)


def _staff_of(lab: Lab) -> list[User]:
    staff = [*member_list(lab=lab, role=Role.STAFF), *member_list(lab=lab, role=Role.ADMIN)]
    return [person for person in staff if person.status == User.Status.ACTIVE]


def _member_url(member: User) -> str:
    try:
        return reverse("members:detail", args=[member.pk])
    except NoReverseMatch:
        return reverse("members:list") + f"?status={User.Status.PENDING}"


def staff_tell_member_awaiting(*, member: User) -> int:
    """Tell the lab's staff that `member` waits for their validation. Returns how many people
    were told (none when the member is not pending)."""
    if member.status != User.Status.PENDING or member.lab is None:
        return 0
    staff = _staff_of(member.lab)
    for person in staff:
        notify(
            recipient=person,
            kind=AWAITING_VALIDATION,
            context={"member": member},
            url=_member_url(member),
        )
    return len(staff)


@transaction.atomic
def profile_update(*, member: User, data: dict[str, Any], newsletter: bool) -> User:
    """A member changes their own profile (never their email, group, status or role) and
    gives or withdraws their newsletter consent."""
    refused = set(data) - set(PROFILE_FIELDS)
    if refused:
        raise Forbidden(
            _("You cannot change these fields: %(fields)s")
            % {"fields": ", ".join(sorted(refused))},
            code="field_forbidden",
        )
    if data:
        member_update(actor=member, member=member, data=data)
    if newsletter != (member.newsletter_consent_at is not None):
        member_record_consent(member=member, terms=False, newsletter=newsletter)
    return member


def language_save(*, member: User, language: str) -> User:
    """Remember the language a member chose; every page they open is then in it."""
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Unknown language."), code="bad_language", field="language")
    if member.language != language:
        member_update(actor=member, member=member, data={"language": language})
    return member
