"""How allauth fits Fabdesk: sign-ups become members of the lab, mail leaves via the queue."""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from fabdesk.core.selectors import lab_default
from fabdesk.notifications.mail import mail_send_later

from .services import member_sign_up, staff_tell_member_awaiting


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return super().is_open_for_signup(request) and lab_default() is not None

    def save_user(self, request, user, form, commit=True):
        """Sign-ups go through members' rules (lab, default group, status, role, consents).
        allauth carries on with the member returned here."""
        data = form.cleaned_data
        member = member_sign_up(
            lab=data.get("lab") or lab_default(),
            email=data["email"],
            password=data["password1"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            language=translation.get_language() or "",
            terms_accepted=bool(data.get("terms")),
            newsletter=bool(data.get("newsletter")),
        )
        if (
            allauth_settings.EMAIL_VERIFICATION
            != allauth_settings.EmailVerificationMethod.MANDATORY
        ):
            staff_tell_member_awaiting(member=member)
        return member

    def confirm_email(self, request, email_address) -> bool:
        """Once a newcomer proves their address, staff hear about them (if they must validate).
        Later address changes tell nobody."""
        first = not (
            EmailAddress.objects.filter(user_id=email_address.user_id)
            .exclude(pk=email_address.pk)
            .exists()
        )
        confirmed = super().confirm_email(request, email_address)
        if confirmed and first:
            staff_tell_member_awaiting(member=email_address.user)
        return confirmed

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages, rendered in the recipient's language, sent after commit
        through the task queue like every other Fabdesk mail."""
        request = allauth_context.request
        user = context.get("user")
        lab = getattr(user, "lab", None) or getattr(request, "lab", None) or lab_default()
        language = getattr(user, "language", "") or translation.get_language()
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "lab": lab,
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        mail_send_later(
            to=message.to,
            subject=message.subject,
            body=message.body,
            html_body=html,
            from_email=message.from_email,
            reply_to=[lab.email] if lab is not None and lab.email else None,
        )
