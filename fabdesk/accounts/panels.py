"""Panels the accounts app adds to the member's home page."""

from fabdesk.core.panels import register_panel


def complete_profile(request) -> dict | None:
    """Invoices need a postal address: ask for it until the member gives one."""
    user = request.user
    missing = not (user.address_line1 and user.postal_code and user.city)
    return {"member": user} if missing else None


def membership(request) -> dict | None:
    """The member's card: their group, status and how long they have been a member."""
    return {"member": request.user}


def register() -> None:
    register_panel(
        page="member_home",
        template="accounts/panels/membership.html",
        context=membership,
        order=90,
    )
    register_panel(
        page="member_home",
        template="accounts/panels/complete_profile.html",
        context=complete_profile,
        order=5,
    )
