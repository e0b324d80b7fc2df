"""The kinds of notification Fabdesk sends. Each app registers its own in AppConfig.ready():

    register_kind("members.validated", label=_("Membership validated"), mandatory=False)

A kind's templates live with its app: for "members.validated",
members/notifications/validated_subject.txt, validated_body.txt and optionally
validated_body.html (or the stem given as `template`). Mandatory kinds (invoices,
security) cannot be turned off."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise
    description: str | Promise = ""
    mandatory: bool = False
    email_by_default: bool = True
    template: str = ""

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def template_stem(self) -> str:
        if self.template:
            return self.template
        app, name = self.key.split(".", 1)
        return f"{app}/notifications/{name}"


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    key: str,
    *,
    label: str | Promise,
    description: str | Promise = "",
    mandatory: bool = False,
    email_by_default: bool = True,
    template: str = "",
) -> NotificationKind:
    if "." not in key:
        raise ValueError("a notification kind is named '<app>.<name>'")
    kind = NotificationKind(key, label, description, mandatory, email_by_default, template)
    _KINDS[key] = kind
    return kind


def kind_get(key: str) -> NotificationKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"unknown notification kind {key!r}; register it first") from None


def kinds_all() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)
