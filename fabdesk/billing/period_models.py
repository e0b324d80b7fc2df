"""Closed periods: once staff close a month or a year, nothing can be issued or paid into it
(invoice_services checks `period_closed_on`). Closing writes an archive whose checksum is
chained to the previous archive of the lab (the closing service and archive verification
live in closing.py / archives.py). A closed period is never reopened or deleted; only its
archive fields may be written after the row exists (MUTABLE_FIELDS)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind
from .records import FinalRecord


class ClosedPeriod(FinalRecord):
    MUTABLE_FIELDS = frozenset({"archive", "archive_checksum", "previous_checksum", "totals"})
    Kind = PeriodKind

    lab = models.ForeignKey("core.Lab", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until (included)"))
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invoice_count = models.PositiveIntegerField(_("invoices and credit notes"), default=0)
    totals = models.JSONField(
        _("totals"), default=dict, blank=True, help_text=_("The period's and cumulative totals.")
    )
    archive = models.FileField(_("archive"), upload_to="billing/archives/", blank=True)
    archive_checksum = models.CharField(_("archive checksum (SHA-256)"), max_length=64, blank=True)
    previous_checksum = models.CharField(_("previous archive checksum"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "kind", "start"], name="closedperiod_once_per_period"
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="closedperiod_end"),
        ]
        indexes = [models.Index(fields=["lab", "start", "end"])]

    def __str__(self) -> str:
        return gettext("%(kind)s from %(start)s to %(end)s") % {
            "kind": self.get_kind_display(),
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.end, "SHORT_DATE_FORMAT"),
        }
