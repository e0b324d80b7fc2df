"""The print service: materials and print profiles (what a quote is computed from), print
settings per lab (fees), and print jobs with their files.

A `PrintFile` is one uploaded model with its analysis (geometry) and its quote (estimate, then
the slicer's figures when it has run). A quote without a job is a file with `job` empty; a
member or a visitor submits a `PrintJob` holding one or more files."""

import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Technology(models.TextChoices):
    FDM = "fdm", _("Filament (FDM)")
    RESIN = "resin", _("Resin (SLA/MSLA)")


class Material(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="materials")
    code = models.SlugField(_("code"), max_length=30, help_text=_("Short code, e.g. PLA."))
    name = models.CharField(_("name"), max_length=100)
    technology = models.CharField(
        _("technology"), max_length=10, choices=Technology.choices, default=Technology.FDM
    )
    density_g_cm3 = models.DecimalField(
        _("density (g/cm³)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("25"))],
    )
    price_per_kg = models.DecimalField(
        _("price per kg"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    filament_diameter_mm = models.DecimalField(
        _("filament diameter (mm)"), max_digits=4, decimal_places=2, default=Decimal("1.75")
    )
    description = models.TextField(_("description (Markdown)"), blank=True)
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(fields=["lab", "code"], name="material_unique_code"),
            models.CheckConstraint(
                condition=Q(density_g_cm3__gt=0) & Q(price_per_kg__gte=0),
                name="material_positive_density_price",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Rules shared by the staff form and the services: a code unique in the lab."""
        if self.lab_id and self.code:
            taken = Material.objects.filter(lab_id=self.lab_id, code__iexact=self.code)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"code": _("Another material already uses the code %(code)s.")
                     % {"code": self.code}}
                )  # fmt: skip
        if self.filament_diameter_mm is not None and not (
            Decimal("1.0") <= self.filament_diameter_mm <= Decimal("3.5")
        ):
            raise ValidationError(
                {"filament_diameter_mm": _("Filament is 1.75 or 2.85 mm thick (1 to 3.5 mm).")}
            )


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class MaterialColour(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="colours")
    name = models.CharField(_("colour"), max_length=60)
    hex_code = models.CharField(_("colour code"), max_length=7, default="#888888")
    in_stock = models.BooleanField(_("in stock"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("colour")
        verbose_name_plural = _("colours")
        constraints = [
            models.UniqueConstraint(fields=["material", "name"], name="colour_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not HEX_COLOUR.match(self.hex_code or ""):
            raise ValidationError(
                {"hex_code": _("A colour code looks like #ff8800 (# and six hex digits).")}
            )
        if self.material_id and self.name:
            taken = MaterialColour.objects.filter(
                material_id=self.material_id, name__iexact=self.name
            )
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError({"name": _("This material already has this colour.")})


class PrintProfile(models.Model):
    """How a printer prints: what the estimate and the slicer use."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="print_profiles")
    name = models.CharField(_("name"), max_length=100)
    printer = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("printer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="print_profiles",
        help_text=_("Empty: a profile for any printer."),
    )
    layer_height_mm = models.DecimalField(
        _("layer height (mm)"), max_digits=4, decimal_places=2, default=Decimal("0.20")
    )
    first_layer_height_mm = models.DecimalField(
        _("first layer height (mm)"), max_digits=4, decimal_places=2, default=Decimal("0.20")
    )
    nozzle_mm = models.DecimalField(
        _("nozzle diameter (mm)"), max_digits=4, decimal_places=2, default=Decimal("0.40")
    )
    infill_percent = models.PositiveSmallIntegerField(
        _("infill (%)"), default=15, validators=[MaxValueValidator(100)]
    )
    perimeters = models.PositiveSmallIntegerField(_("perimeters"), default=2)
    top_layers = models.PositiveSmallIntegerField(_("top layers"), default=5)
    bottom_layers = models.PositiveSmallIntegerField(_("bottom layers"), default=4)
    perimeter_speed_mm_s = models.PositiveSmallIntegerField(_("perimeter speed (mm/s)"), default=45)
    infill_speed_mm_s = models.PositiveSmallIntegerField(_("infill speed (mm/s)"), default=80)
    travel_speed_mm_s = models.PositiveSmallIntegerField(_("travel speed (mm/s)"), default=150)
    first_layer_speed_mm_s = models.PositiveSmallIntegerField(
        _("first layer speed (mm/s)"), default=20
    )
    is_default = models.BooleanField(_("default profile"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("print profile")
        verbose_name_plural = _("print profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(layer_height_mm__gt=0)
                & Q(first_layer_height_mm__gt=0)
                & Q(nozzle_mm__gt=0)
                & Q(infill_percent__lte=100),
                name="printprofile_positive_values",
            ),
            models.UniqueConstraint(
                fields=["lab"], condition=Q(is_default=True), name="printprofile_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """What the slicer would refuse, refused here: layers thicker than most of the nozzle,
        a printer of another lab or one that does not print in 3D, speeds of zero."""
        errors = {}
        nozzle = self.nozzle_mm or Decimal(0)
        if not Decimal("0.1") <= nozzle <= Decimal("2"):
            errors["nozzle_mm"] = _("The nozzle is between 0.1 and 2 mm.")
        elif self.layer_height_mm is not None and not (
            Decimal("0.04") <= self.layer_height_mm <= nozzle * Decimal("0.8")
        ):
            errors["layer_height_mm"] = _(
                "Layers are between 0.04 mm and 80 %% of the nozzle (%(max)s mm)."
            ) % {"max": (nozzle * Decimal("0.8")).normalize()}
        if (
            nozzle
            and self.first_layer_height_mm is not None
            and not (Decimal("0.04") <= self.first_layer_height_mm <= nozzle)
        ):
            errors["first_layer_height_mm"] = _(
                "The first layer is between 0.04 mm and the nozzle's diameter."
            )
        for name in ("perimeter_speed_mm_s", "infill_speed_mm_s", "travel_speed_mm_s",
                     "first_layer_speed_mm_s"):  # fmt: skip
            if not getattr(self, name):
                errors[name] = _("A speed of at least 1 mm/s.")
        if self.printer_id:
            from fabdesk.equipment.models import MachineCategory

            printer = self.printer
            kinds = (MachineCategory.Kind.FDM_PRINTER, MachineCategory.Kind.RESIN_PRINTER)
            if printer.lab_id != self.lab_id or printer.category.kind not in kinds:
                errors["printer"] = _("Choose one of the lab's 3D printers.")
        if errors:
            raise ValidationError(errors)


class PrintSettings(models.Model):
    """What a print costs besides material: machine time and the handling fee. Without a row,
    quotes give no price (the issue's `price: null without a lab price`)."""

    lab = models.OneToOneField("core.Lab", on_delete=models.CASCADE, related_name="print_settings")
    hourly_rate = models.DecimalField(
        _("machine time per hour"), max_digits=8, decimal_places=2, default=Decimal("2.00")
    )
    handling_fee = models.DecimalField(
        _("handling fee per job"), max_digits=8, decimal_places=2, default=Decimal("3.00")
    )
    minimum_price = models.DecimalField(
        _("minimum price"), max_digits=8, decimal_places=2, default=Decimal("5.00")
    )
    max_upload_mb = models.PositiveIntegerField(_("largest file (MB)"), default=100)
    max_triangles = models.PositiveIntegerField(_("most triangles"), default=5_000_000)
    accepts_visitors = models.BooleanField(
        _("visitors may request prints"),
        default=True,
        help_text=_("People without an account may upload files and request a print."),
    )

    class Meta:
        verbose_name = _("print settings")
        verbose_name_plural = _("print settings")

    def __str__(self) -> str:
        return str(self.lab)

    def clean(self) -> None:
        errors = {}
        for name in ("hourly_rate", "handling_fee", "minimum_price"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("An amount of 0 or more.")
        if not 1 <= (self.max_upload_mb or 0) <= 1024:
            errors["max_upload_mb"] = _("Between 1 and 1024 MB.")
        if not 1000 <= (self.max_triangles or 0) <= 20_000_000:
            errors["max_triangles"] = _("Between 1,000 and 20 million triangles.")
        if errors:
            raise ValidationError(errors)


class GroupPrintRate(models.Model):
    """A member group's own machine-time rate (members of the association pay less...)."""

    settings = models.ForeignKey(PrintSettings, on_delete=models.CASCADE, related_name="rates")
    group = models.ForeignKey(
        "members.MemberGroup", verbose_name=_("member group"), on_delete=models.CASCADE
    )
    hourly_rate = models.DecimalField(_("machine time per hour"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("group rate")
        verbose_name_plural = _("group rates")
        constraints = [
            models.UniqueConstraint(fields=["settings", "group"], name="printrate_unique_group")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.hourly_rate}"

    def clean(self) -> None:
        if self.hourly_rate is not None and self.hourly_rate < 0:
            raise ValidationError({"hourly_rate": _("An amount of 0 or more.")})
        if self.group_id and self.settings_id and self.group.lab_id != self.settings.lab_id:
            raise ValidationError({"group": _("Choose one of the lab's member groups.")})


class JobStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PRINTING = "printing", _("Printing")
    DONE = "done", _("Ready for pick-up")
    PICKED_UP = "picked_up", _("Picked up")
    CANCELLED = "cancelled", _("Cancelled")


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


class PrintJob(models.Model):
    Status = JobStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="print_jobs")
    reference = models.CharField(_("reference"), max_length=20)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="print_jobs",
    )
    # A visitor's name and email (a member's come from their account).
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    contact_language = models.CharField(
        _("language of the mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    secret = models.CharField(max_length=64, default=_new_secret, unique=True, editable=False)
    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.PROTECT, related_name="jobs"
    )
    colour = models.ForeignKey(
        MaterialColour,
        verbose_name=_("colour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    profile = models.ForeignKey(
        PrintProfile, verbose_name=_("print profile"), on_delete=models.PROTECT, related_name="+"
    )
    printer = models.ForeignKey(
        "equipment.Machine",
        verbose_name=_("printer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="print_jobs",
        help_text=_("Empty: any printer that fits."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.SUBMITTED
    )
    notes = models.TextField(_("notes for the lab"), blank=True)
    quoted_price = models.DecimalField(
        _("quoted price"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    approved_price = models.DecimalField(
        _("approved price"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    staff_message = models.TextField(_("message from the lab"), blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=500, blank=True)
    actual_grams = models.DecimalField(
        _("material used (g)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    actual_minutes = models.PositiveIntegerField(_("print time (min)"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("failed prints"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        constraints = [
            models.UniqueConstraint(fields=["lab", "reference"], name="printjob_unique_reference"),
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(contact_email=""),
                name="printjob_requester_or_email",
            ),
        ]
        indexes = [models.Index(fields=["lab", "status"])]

    def __str__(self) -> str:
        return self.reference


class SliceStatus(models.TextChoices):
    NONE = "none", _("Not sliced")
    PENDING = "pending", _("Waiting for the slicer")
    RUNNING = "running", _("Slicing")
    DONE = "done", _("Sliced")
    FAILED = "failed", _("Slicer failed")
    UNAVAILABLE = "unavailable", _("No slicer installed")


class PrintFile(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="print_files")
    job = models.ForeignKey(
        PrintJob, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="prints/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="prints/thumbnails/", blank=True)
    # The analysis: triangles, bodies, watertight, volume_mm3, area_mm2, bbox_mm, fits,
    # warnings (see fabrication.analysis); the quote: filament_mm3, filament_g, print_time_s,
    # price, method.
    analysis = models.JSONField(_("analysis"), default=dict, blank=True)
    quote = models.JSONField(_("quote"), default=dict, blank=True)
    material = models.ForeignKey(
        Material, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile = models.ForeignKey(
        PrintProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slice_status = models.CharField(
        _("slicer"), max_length=20, choices=SliceStatus.choices, default=SliceStatus.NONE
    )
    slice_message = models.CharField(_("slicer message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("print file")
        verbose_name_plural = _("print files")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="printfile_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.original_name
