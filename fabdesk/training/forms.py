"""Forms of the training pages. They parse input; the services hold the rules."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fabdesk.core.forms import DatePicker
from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.core.uploads import PdfUploadField
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus
from fabdesk.members.models import MemberGroup, User

from .models import Training
from .services import RELATED_FIELDS, TRAINING_FIELDS


class TrainingForm(forms.ModelForm):
    """A training's record, what it unlocks and needs, its trainers, and one price field per
    member group of the lab (empty: no price for that group)."""

    teaching_pack = PdfUploadField(
        label=_("Teaching pack (PDF)"), required=False, help_text=_("A PDF of at most 20 MB.")
    )
    teaching_pack_url = forms.URLField(
        label=_("Teaching pack (link)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Training
        fields = [*TRAINING_FIELDS, *RELATED_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "machines": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
            "prerequisites": forms.CheckboxSelectMultiple,
            "trainers": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": _("A short code for the CSV import; made from the title when empty."),
            "description": _("Markdown: **bold**, lists, links. Everyone can read it."),
            "machines": _("Members holding the certification may use these machines."),
            "categories": _("…and every machine of these categories, present and future."),
            "prerequisites": _("Trainings a member must hold before enrolling."),
            "is_active": _("Shown in the catalogue; members can enrol in its sessions."),
            "position": _("Trainings are listed in this order."),
        }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        training = self.instance if self.instance.pk else None
        self.fields["slug"].required = False
        self.fields["position"].required = False
        self.fields["machines"].queryset = (
            Machine.objects.filter(lab=lab)
            .exclude(status=MachineStatus.RETIRED)
            .select_related("category")
            .order_by("category__position", "category__name", "name")
        )
        self.fields["categories"].queryset = MachineCategory.objects.filter(lab=lab)
        others = Training.objects.filter(lab=lab)
        self.fields["prerequisites"].queryset = others.exclude(pk=getattr(training, "pk", None))
        self.fields["trainers"].queryset = (
            User.objects.filter(
                Q(
                    lab=lab,
                    certifications__training=training,
                    certifications__revoked_at__isnull=True,
                )
                | Q(trainings_taught=training)
            )
            .distinct()
            .order_by("email")
            if training
            else User.objects.none()
        )
        self.fields["trainers"].help_text = _(
            "Members who hold this training's certification may lead its sessions (staff "
            "always may). Grant them the certification first."
        )
        self.groups = list(MemberGroup.objects.filter(lab=lab))
        prices = {p.member_group_id: p.amount for p in training.prices.all()} if training else {}
        for group in self.groups:
            self.fields[f"price_{group.pk}"] = forms.DecimalField(
                label=_("Price for “%(group)s”") % {"group": group.name},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                initial=prices.get(group.pk),
                help_text=_("Empty: no price for this group (charged once billing exists)."),
            )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_participants"), data.get("max_participants")
        if low is not None and high is not None and low > high:
            self.add_error(
                "min_participants",
                _("The minimum number of participants cannot be above the maximum."),
            )
        return data

    def service_data(self, *, changed_only: bool) -> dict:
        """The fields for training_create/update (only those changed, for an update), with
        `prices` as {member group: amount or None}."""
        names = [*TRAINING_FIELDS, *RELATED_FIELDS]
        if changed_only:
            names = [name for name in names if name in self.changed_data]
        data = {name: self.cleaned_data[name] for name in names}
        for name in RELATED_FIELDS:
            if name in data:
                data[name] = list(data[name])
        price_names = [f"price_{group.pk}" for group in self.groups]
        if not changed_only or any(name in self.changed_data for name in price_names):
            data["prices"] = {
                group: self.cleaned_data[f"price_{group.pk}"] for group in self.groups
            }
        return data


def granted_at_from(day: dt.date | None, tz) -> dt.datetime:
    """A certification granted "on" a day: now for today (or no day), else that day's start
    in the lab's time zone."""
    if day is None or day >= lab_today(tz):
        return timezone.now()
    return at_wall_clock(day, dt.time(0, 0), tz)


class GrantForm(forms.Form):
    prefix = "grant"

    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Why you certify this member without a session, e.g. “trained elsewhere”."),
    )
    granted_on = forms.DateField(
        label=_("Granted on"),
        required=False,
        widget=DatePicker(),
        help_text=_("Empty: today. The expiry date is computed from it."),
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["training"].queryset = Training.objects.filter(lab=lab)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "training": data["training"],
            "reason": data["reason"],
            "granted_at": granted_at_from(data["granted_on"], self.lab.tzinfo),
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The member reads it on their passport."),
    )


class CertificationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("At most 2 MB and 5,000 rows; the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
