"""Forms of the staff's registration pages: add someone (a member of the lab, found by
their address, or a visitor with a name), move a registration to another event, cancel
one. The registration services check every rule again."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from fabdesk.members.models import User

from .models import Event, TicketCategory


class AddRegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("A member's address registers the member; any other address, a visitor."),
    )
    name = forms.CharField(label=_("Name (a visitor)"), max_length=150, required=False)
    category = forms.ModelChoiceField(label=_("Ticket"), queryset=TicketCategory.objects.none())
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, lab, tickets, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["category"].queryset = tickets
        self.fields["category"].empty_label = None

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").strip().lower()
        data["member"] = User.objects.filter(lab=self.lab, email__iexact=email).first()
        if email and data["member"] is None and not (data.get("name") or "").strip():
            self.add_error("name", _("No member has this address: give the visitor's name."))
        return data


class MoveForm(forms.Form):
    to_event = forms.ModelChoiceField(label=_("Move to"), queryset=Event.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_event"].queryset = targets
        self.fields["to_event"].label_from_instance = self.label

    @staticmethod
    def label(event: Event) -> str:
        when = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{event.title} · {when}"


class CancelRegistrationForm(forms.Form):
    reason = forms.CharField(label=_("Reason (they will read it)"), max_length=300, required=False)
