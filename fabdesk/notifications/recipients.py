"""Recipients without an account: a visitor who registered for an event or asked for a print
gives a name, an email and the language they used. `mail_without_account` renders for them as
`notify` does for members."""

from dataclasses import dataclass

from fabdesk.core.models import Lab


@dataclass(frozen=True)
class Visitor:
    name: str
    email: str
    language: str
    lab: Lab

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    def get_full_name(self) -> str:
        return self.name
