from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import NotificationKind


class PreferencesForm(forms.Form):
    """Two checkboxes per kind: by email, in Fabdesk. Mandatory kinds are disabled fields, so
    Django ignores whatever a request posts for them and keeps them on."""

    def __init__(self, *args, rows: list[tuple[NotificationKind, bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind, _by_email, _in_app in rows]
        self.rows = []
        for kind, by_email, in_app in rows:
            email_field = forms.BooleanField(
                label=_("by email"), required=False, initial=by_email, disabled=kind.mandatory
            )
            app_field = forms.BooleanField(
                label=_("in Fabdesk"), required=False, initial=in_app, disabled=kind.mandatory
            )
            self.fields[f"email__{kind.key}"] = email_field
            self.fields[f"app__{kind.key}"] = app_field
            self.rows.append((kind, self[f"email__{kind.key}"], self[f"app__{kind.key}"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        """The (by_email, in_app) choice for each kind the person may change."""
        return {
            kind.key: (
                self.cleaned_data[f"email__{kind.key}"],
                self.cleaned_data[f"app__{kind.key}"],
            )
            for kind in self.kinds
            if not kind.mandatory
        }
