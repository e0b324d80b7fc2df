from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Placeholder; the accounts work fills it in (lab on sign-up, mail via the task queue)."""
