"""Staff forms for members and member groups. They parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker

from .models import MemberGroup, User
from .roles import ROLE_CHOICES
from .selectors import member_group_list
from .services import STAFF_FIELDS

STATUS_ANY = [("", _("All statuses")), *User.Status.choices]
ROLE_ANY = [("", _("All roles")), *ROLE_CHOICES]


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, email, organisation")}
        ),
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=MemberGroup.objects.none(), required=False,
        empty_label=_("All groups"),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_ANY, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_ANY, required=False)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = member_group_list(lab=lab)

    def filters(self) -> dict:
        """Keyword arguments for selectors.member_list (invalid filters are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        group = data.get("group")
        return {
            "search": data.get("q", ""),
            "group_id": group.pk if group else None,
            "status": data.get("status", ""),
            "role": data.get("role", ""),
        }


class _LabGroupMixin:
    def limit_groups(self, lab) -> None:
        self.fields["member_group"].queryset = member_group_list(lab=lab)


class MemberStaffForm(_LabGroupMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = list(STAFF_FIELDS)
        widgets = {
            "birth_date": DatePicker(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_groups(lab)
        order = ["email", "first_name", "last_name", "member_group", "trusted"]
        self.order_fields(order)

    def validate_unique(self):
        """The service checks that the email is free (whatever its case)."""


class MemberCreateForm(_LabGroupMixin, forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial="member")

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "member_group"]

    def __init__(self, *args, lab, can_set_role: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_groups(lab)
        self.fields["member_group"].help_text = _("Leave empty for the lab's default group.")
        if not can_set_role:
            del self.fields["role"]

    def validate_unique(self):
        """The service checks that the email is free (whatever its case)."""


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(choices=User.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required to suspend; the member reads it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == User.Status.SUSPENDED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the member is suspended."))
        return data


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class MemberGroupForm(forms.ModelForm):
    class Meta:
        model = MemberGroup
        fields = ["name", "slug", "description", "is_default"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Short code used in CSV files (letters, digits, hyphens). Made from the name if empty."
        )

    def validate_unique(self):
        """The service checks the code is free in the lab."""


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("At most 2 MB and 5,000 rows; the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
