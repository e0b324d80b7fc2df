"""Forms of the session pages. Dates are typed in the lab's time zone (the middleware
activates it); the services check every rule again."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.models import Space
from fabdesk.members.models import User
from fabdesk.members.roles import Role

from .models import Enrolment, Training, TrainingSession

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def trainer_choices(lab, training: Training | None):
    """Staff of the lab, and the training's volunteer trainers."""
    who = Q(groups__name__in=[Role.STAFF, Role.ADMIN]) | Q(is_superuser=True)
    if training is not None:
        who |= Q(trainings_taught=training)
    return (
        User.objects.filter(who, lab=lab, is_active=True).distinct().order_by("last_name", "email")
    )


class SessionForm(forms.ModelForm):
    training = forms.ModelChoiceField(queryset=Training.objects.none(), label=_("training"))

    class Meta:
        model = TrainingSession
        fields = ["starts_at", "ends_at", "trainer", "space", "place", "capacity", "notes"]
        widgets = {
            "starts_at": DATETIME_LOCAL,
            "ends_at": DATETIME_LOCAL,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, lab, training: Training | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        training = self.instance.training if editing else training
        if editing:
            del self.fields["training"]
        else:
            self.fields["training"].queryset = Training.objects.filter(lab=lab, is_active=True)
            self.fields["training"].initial = training
            self.fields["ends_at"].required = False
            self.fields["ends_at"].help_text = _("Empty: after the training's usual duration.")
            self.fields["capacity"].required = False
            self.fields["capacity"].help_text = _("Empty: the training's maximum.")
        self.fields["trainer"].queryset = trainer_choices(lab, training)
        self.fields["space"].queryset = Space.objects.filter(lab=lab)
        self.fields["starts_at"].widget = DATETIME_LOCAL
        self.fields["ends_at"].widget = DATETIME_LOCAL

    def _post_clean(self):
        """The service validates and saves; the model is not touched here."""


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the members will read it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("Member's email address"))

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        member = User.objects.filter(lab=self.lab, email__iexact=email).first()
        if member is None:
            raise forms.ValidationError(_("No member of the lab has this email address."))
        return member


class AttendanceForm(forms.Form):
    """One choice per member enrolled, named after the enrolment."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        for enrolment in enrolments:
            self.fields[f"outcome_{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.member.get_full_name() or enrolment.member.email,
                choices=Enrolment.Outcome.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=enrolment.outcome or None,
            )

    def outcomes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("outcome_")): value
            for name, value in self.cleaned_data.items()
            if value
        }
