from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fabdesk.core.errors import DomainError
from fabdesk.core.forms import DatePicker
from fabdesk.core.models import Lab
from fabdesk.members.models import User
from fabdesk.members.services import PROFILE_FIELDS


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (email, password twice) plus names and the lab's consents."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    terms = forms.BooleanField(
        label=_("I accept the lab's terms"),
        error_messages={"required": _("You must accept the lab's terms to become a member.")},
    )
    newsletter = forms.BooleanField(label=_("Send me the lab's newsletter"), required=False)

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "terms",
        "newsletter",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # the label says it
        labs = list(Lab.objects.order_by("name"))
        if len(labs) > 1:  # a network of labs: the newcomer says which one they join
            self.fields["lab"] = forms.ModelChoiceField(
                label=_("Lab"), queryset=Lab.objects.order_by("name"), empty_label=None
            )
            self.order_fields(["lab", *self.field_order])
        lab = labs[0] if len(labs) == 1 else None
        if lab is not None and lab.terms_url:
            self.fields["terms"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                lab.terms_url,
                _("Read the lab's terms (opens in a new tab)"),
            )

    def try_save(self, request):
        """A rule refused at the last moment (the address taken in between) comes back as a
        form error, never a crash."""
        try:
            return super().try_save(request)
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
            return None, render(request, "account/signup.html", {"form": self})


class ProfileForm(forms.ModelForm):
    """What a member may change about themself; email, group, status and role are not here."""

    newsletter = forms.BooleanField(label=_("Send me the lab's newsletter"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"birth_date": DatePicker()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter"].initial = self.instance.newsletter_consent_at is not None
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        autocomplete = {
            "first_name": "given-name", "last_name": "family-name", "phone": "tel",
            "organisation": "organization", "address_line1": "address-line1",
            "address_line2": "address-line2", "postal_code": "postal-code",
            "city": "address-level2", "country": "country-name", "birth_date": "bday",
        }  # fmt: skip
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in PROFILE_FIELDS
        }
