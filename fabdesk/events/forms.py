"""Forms of the public pages: the agenda's filters, registering (a member picks a ticket and
seats; a visitor also gives a name and an email), cancelling."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker

from .models import EventType

MAX_SEATS_OFFERED = 20


class AgendaFilterForm(forms.Form):
    event_type = forms.ModelChoiceField(
        label=_("Type"), queryset=EventType.objects.none(), required=False, empty_label=_("All")
    )
    audience = forms.CharField(label=_("For whom"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DatePicker())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DatePicker())

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(lab=lab, is_active=True)
        self.fields["audience"].widget.attrs["placeholder"] = _("families, beginners…")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        event_type = data.get("event_type")
        return {
            "event_type_id": event_type.pk if event_type else None,
            "audience": (data.get("audience") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class RegisterForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Ticket"), coerce=int)
    seats = forms.TypedChoiceField(label=_("Seats"), coerce=int, initial=1)
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your email"))
    access = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, tickets, currency_format, visitor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.tickets = {ticket.pk: ticket for ticket in tickets}
        self.fields["category"].choices = [
            (ticket.pk, f"{ticket.name} · {currency_format(ticket.price)}") for ticket in tickets
        ]
        if len(tickets) == 1:
            self.fields["category"].widget = forms.HiddenInput()
            self.fields["category"].initial = tickets[0].pk
        most = max([ticket.max_seats for ticket in tickets] or [1])
        self.fields["seats"].choices = [(n, n) for n in range(1, min(most, MAX_SEATS_OFFERED) + 1)]
        if most == 1:
            self.fields["seats"].widget = forms.HiddenInput()
        if not visitor:
            del self.fields["name"], self.fields["email"]
        else:
            self.fields["name"].widget.attrs["autocomplete"] = "name"
            self.fields["email"].widget.attrs["autocomplete"] = "email"

    def ticket(self):
        return self.tickets.get(self.cleaned_data.get("category"))


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel my registration"), required=True)
