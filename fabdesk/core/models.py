"""The lab itself and the audit log: what every other app hangs from."""

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENCIES = [
    ("EUR", "EUR — euro"),
    ("CHF", "CHF — franc suisse"),
    ("CAD", "CAD"),
    ("USD", "USD"),
    ("GBP", "GBP"),
]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Lab(models.Model):
    """A fab lab. One install usually holds one; a network or a campus may hold several."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="France")
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="labs/logos/", blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="EUR")
    default_vat_rate = models.DecimalField(
        _("default VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    vat_exempt = models.BooleanField(
        _("not subject to VAT"),
        default=False,
        help_text=_("Invoices then carry the VAT-exemption mention (art. 293 B du CGI)."),
    )
    siret = models.CharField(_("SIRET"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    rna = models.CharField(
        _("association number (RNA)"), max_length=20, blank=True, help_text=_("For associations.")
    )
    ape_code = models.CharField(_("APE/NAF code"), max_length=10, blank=True)
    legal_form = models.CharField(
        _("legal form"),
        max_length=100,
        blank=True,
        help_text=_("e.g. association loi 1901, SCIC, SAS"),
    )
    share_capital = models.CharField(_("share capital"), max_length=40, blank=True)
    rcs = models.CharField(_("trade register (RCS)"), max_length=100, blank=True)
    terms_url = models.URLField(
        _("lab's terms (link)"),
        blank=True,
        help_text=_("The rules members accept when they sign up (règlement intérieur)."),
    )
    requires_member_validation = models.BooleanField(
        _("new members wait for staff validation"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_vat_rate__gte=0) & models.Q(default_vat_rate__lte=100),
                name="lab_vat_rate_between_0_and_100",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def postal_address(self) -> str:
        lines = [
            self.address_line1,
            self.address_line2,
            f"{self.postal_code} {self.city}".strip(),
            self.country,
        ]
        return "\n".join(line for line in lines if line)


class AuditEntry(models.Model):
    """Who changed what, when. Written by core.services.audit_record, never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_actions",
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
