"""The lab's staff pages about bookings: the list of all bookings (filters, pages, CSV) and
the flagged bookings (their machine became unavailable) to keep, move or cancel."""

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.timeutils import lab_today

from .lifecycle import booking_clear_flag
from .lifecycle_actions import booking_actions
from .lifecycle_selectors import flagged_bookings
from .lifecycle_views import booking_for_page
from .next_url import redirect_back
from .rule_overview import LabRules
from .staff_forms import BookingFilterForm, MoveForm

PAGE_SIZE = 50


def _filter_form(request) -> BookingFilterForm:
    """Bound to the query; without one, the bookings from today on."""
    data = request.GET or {"date_from": lab_today(request.lab.tzinfo).isoformat()}
    return BookingFilterForm(data, lab=request.lab)


@staff_required
def staff_list(request):
    form = _filter_form(request)
    page = Paginator(form.bookings(), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for booking in page:
        booking.actions = booking_actions(booking, staff=True, now=now)
    template = "booking/staff/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#booking-table"
    return render(request, template, {"form": form, "page": page})


CSV_HEADERS = [
    "#", gettext_lazy("Machine or space"), gettext_lazy("Kind"), gettext_lazy("Email"),
    gettext_lazy("Name"), gettext_lazy("Start"), gettext_lazy("End"), gettext_lazy("People"),
    gettext_lazy("Status"), gettext_lazy("Note"), gettext_lazy("Checked in at"),
    gettext_lazy("Closed at"),
]  # fmt: skip


def _when(value, tz) -> str:
    return timezone.localtime(value, tz).strftime("%Y-%m-%d %H:%M") if value else ""


@staff_required
def staff_export(request):
    """The filtered bookings as CSV (`;`, UTF-8 with a BOM, times on the lab's clock)."""
    tz = request.lab.tzinfo
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(header) for header in CSV_HEADERS])
    for b in _filter_form(request).bookings().iterator(chunk_size=500):
        writer.writerow([
            b.pk, b.resource.name, b.get_kind_display(), b.member.email,
            b.member.get_full_name(), _when(b.start, tz), _when(b.end, tz), b.people,
            b.get_status_display(), b.note, _when(b.checked_in_at, tz), _when(b.closed_at, tz),
        ])  # fmt: skip
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"bookings-{lab_today(tz):%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def flagged_list(request):
    bookings = list(flagged_bookings(request.lab))
    rules = LabRules(request.lab)
    for booking in bookings:
        booking.move_form = MoveForm(
            booking=booking, rule=rules.line(booking.resource).applies, staff=True,
            tz=request.lab.tzinfo, auto_id=f"id_move{booking.pk}_%s",
        )  # fmt: skip
    return render(request, "booking/staff/flagged.html", {"bookings": bookings})


@staff_required
@require_POST
def flag_keep(request, booking_id: int):
    booking = booking_for_page(request, booking_id)
    try:
        booking_clear_flag(actor=request.user, booking=booking)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The booking of %(member)s on %(resource)s is kept as it is.")
            % {"member": booking.member.get_full_name() or booking.member.email,
               "resource": booking.resource.name},
        )  # fmt: skip
    return redirect_back(request, reverse("booking:flagged"))
