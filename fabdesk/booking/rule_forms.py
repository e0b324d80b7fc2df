"""The staff form of a booking rule. Its lab and target are set by the page, never posted;
`BookingRule.clean()` checks the values (steps, longest ≥ shortest) for the form and the
admin site alike, and the service saves."""

from django import forms

from .models import BookingRule
from .rule_services import RULE_FIELDS


class BookingRuleForm(forms.ModelForm):
    class Meta:
        model = BookingRule
        fields = RULE_FIELDS

    def validate_unique(self):
        """One rule per target: the page opens the existing rule instead of a second one."""

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
