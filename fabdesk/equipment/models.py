"""The workshop: machine categories, spaces (rooms, zones), machines, their documents, their
status history and their usage-hours counter."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MachineCategory(models.Model):
    """A staff-managed kind of machine. `kind` says which technical specs apply."""

    class Kind(models.TextChoices):
        FDM_PRINTER = "fdm_printer", _("FDM 3D printer")
        RESIN_PRINTER = "resin_printer", _("Resin 3D printer")
        LASER_CUTTER = "laser_cutter", _("Laser cutter")
        CNC_ROUTER = "cnc_router", _("CNC router")
        VINYL_CUTTER = "vinyl_cutter", _("Vinyl cutter")
        EMBROIDERY = "embroidery", _("Embroidery machine")
        ELECTRONICS = "electronics", _("Electronics bench")
        HAND_TOOLS = "hand_tools", _("Hand tools")
        OTHER = "other", _("Other")

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="machine_categories")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("machine category")
        verbose_name_plural = _("machine categories")
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="machinecategory_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_3d_printer(self) -> bool:
        return self.kind in (self.Kind.FDM_PRINTER, self.Kind.RESIN_PRINTER)


class Space(models.Model):
    """A room or a zone of the lab. Machines sit in a space; some spaces are booked."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), max_length=60)
    description = models.TextField(_("description (Markdown)"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="spaces/", blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    bookable = models.BooleanField(_("bookable"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [models.UniqueConstraint(fields=["lab", "slug"], name="space_unique_slug")]

    def __str__(self) -> str:
        return self.name


class MachineStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_ORDER = "out_of_order", _("Out of order")
    MAINTENANCE = "maintenance", _("In maintenance")
    RETIRED = "retired", _("Retired")


class Machine(models.Model):
    Status = MachineStatus

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="machines")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("code"), max_length=80)
    category = models.ForeignKey(
        MachineCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="machines",
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    photo = models.ImageField(_("photo"), upload_to="machines/", blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    space = models.ForeignKey(
        Space,
        verbose_name=_("space"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="machines",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MachineStatus.choices, default=MachineStatus.IN_SERVICE
    )
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    bookable = models.BooleanField(_("bookable"), default=True)
    staff_notes = models.TextField(_("staff notes"), blank=True)
    usage_hours = models.DecimalField(
        _("hours of use"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    # Working area: build volume for 3D printers, bed size (and height or Z travel) for
    # laser cutters and CNC routers. Millimetres.
    size_x_mm = models.PositiveIntegerField(_("working area X (mm)"), null=True, blank=True)
    size_y_mm = models.PositiveIntegerField(_("working area Y (mm)"), null=True, blank=True)
    size_z_mm = models.PositiveIntegerField(_("working area Z (mm)"), null=True, blank=True)
    materials = models.CharField(
        _("materials accepted"),
        max_length=500,
        blank=True,
        help_text=_("Separated by commas, e.g. PLA, PETG, TPU or plywood 3 mm, acrylic."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("machine")
        verbose_name_plural = _("machines")
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="machine_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(usage_hours__gte=0), name="machine_usage_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["lab", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def materials_list(self) -> list[str]:
        return [m.strip() for m in self.materials.split(",") if m.strip()]

    @property
    def is_usable(self) -> bool:
        return self.status == MachineStatus.IN_SERVICE


class MachineDocument(models.Model):
    """A user manual, a safety sheet...: an uploaded PDF or a link."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("User manual")
        SAFETY = "safety", _("Safety sheet")
        OTHER = "other", _("Other document")

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    file = models.FileField(_("PDF file"), upload_to="machines/documents/", blank=True)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("machine document")
        verbose_name_plural = _("machine documents")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="machinedocument_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class MachineStatusChange(models.Model):
    """One change of a machine's status: who, when, from what to what, and why."""

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MachineStatus.choices)
    to_status = models.CharField(max_length=20, choices=MachineStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.machine}: {self.from_status} → {self.to_status}"


class UsageEntry(models.Model):
    """A movement of a machine's hours-of-use counter: bookings and jobs add hours (later
    issues), staff correct it with a reason."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        BOOKING = "booking", _("Booking")
        JOB = "job", _("Job")

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="usage_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2)
    total_after = models.DecimalField(max_digits=10, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("usage entry")
        verbose_name_plural = _("usage entries")

    def __str__(self) -> str:
        return f"{self.machine}: {self.hours:+} h"
