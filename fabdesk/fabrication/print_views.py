"""The "Print a part" page: upload files, choose the options, see the quote (the slicer's
exact figures replacing the estimate as they arrive), submit. The quote block is an htmx
fragment posted on every change and polled while the slicer works; without JavaScript the
whole form posts and the page comes back. Views parse input, call one service, render."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .analysis import MeshError
from .job_drafts import draft_files, draft_remove, draft_update, draft_upload
from .job_forms import PrintRequestForm
from .job_notify import job_url
from .job_permissions import file_get, session_files_forget
from .job_pricing import job_quote
from .job_selectors import materials_offered, printers_of_lab, profile_for
from .job_services import print_job_submit
from .models import PrintSettings
from .preview import preview_bytes

ACCEPT = ".stl,.obj,.3mf"


def _form(request, data=None):
    lab = request.lab
    return PrintRequestForm(
        data,
        materials=materials_offered(lab=lab),
        printers=printers_of_lab(lab=lab),
        visitor=not request.user.is_authenticated,
    )


def _closed_reason(request) -> str:
    """Why this person cannot request a print here, or ""."""
    lab = request.lab
    if (
        lab is None
        or not materials_offered(lab=lab).exists()
        or profile_for(lab=lab, printer=None) is None
    ):
        return _("The lab does not take print requests online yet.")
    if not request.user.is_authenticated:
        settings = PrintSettings.objects.filter(lab=lab).first()
        if settings is not None and not settings.accepts_visitors:
            return _("The lab prints for its members: log in to request a print.")
    return ""


def _options(form) -> tuple:
    """(material, printer) chosen in the form, valid or not yet."""
    material = form.material_shown
    printer = None
    value = _digits(form.data.get("printer")) if form.is_bound else None
    if value is not None:
        printer = form.fields["printer"].queryset.filter(pk=value).first()
    return material, printer


def _digits(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _quantity(request, print_file) -> int | None:
    return _digits(request.POST.get(f"quantity-{print_file.pk}"))


def _apply_changes(request, form) -> list[str]:
    """Upload new files and record the options on the drafts; the refusals, worded."""
    lab = request.lab
    material, printer = _options(form)
    errors = []
    if material is None:
        return errors
    for print_file in draft_files(request, lab=lab):
        try:
            draft_update(
                request,
                print_file=print_file,
                material=material,
                printer=printer,
                quantity=_quantity(request, print_file),
            )
        except DomainError as exc:
            errors.append(f"{print_file.original_name}: {exc.message}")
    for uploaded in request.FILES.getlist("files"):
        try:
            draft_upload(
                request, lab=lab, uploaded_file=uploaded, material=material, printer=printer
            )
        except DomainError as exc:
            errors.append(f"{uploaded.name}: {exc.message}")
    return errors


def _quote_context(request, form, errors=()) -> dict:
    files = list(draft_files(request, lab=request.lab))
    material, _printer = _options(form)
    member = request.user if request.user.is_authenticated else None
    colour = form.fields["colour"].queryset.filter(pk=_digits(form.data.get("colour"))).first()
    return {
        "form": form,
        "colour_hex": colour.hex_code if colour is not None else "",
        "quote": job_quote(lab=request.lab, files=files, material=material, member=member),
        "upload_errors": list(errors),
        "accept": ACCEPT,
    }


def print_start(request):
    reason = _closed_reason(request)
    if reason:
        return render(request, "fabrication/print/closed.html", {"reason": reason})
    form = _form(request)
    return render(request, "fabrication/print/start.html", _quote_context(request, form))


def print_quote(request):
    """The quote block: POST records uploads and options; GET (the 2-second poll while the
    slicer works) only reads."""
    if _closed_reason(request):
        raise Http404
    form = _form(request, request.POST if request.method == "POST" else request.GET)
    errors = _apply_changes(request, form) if request.method == "POST" else []
    return render(request, "fabrication/print/quote.html", _quote_context(request, form, errors))


@require_POST
def print_file_remove(request, file_id: int):
    print_file = file_get(request, file_id=file_id)
    try:
        draft_remove(request, print_file=print_file)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    if request.htmx:
        form = _form(request, request.POST)
        return render(request, "fabrication/print/quote.html", _quote_context(request, form))
    return redirect("fabrication:start")


@require_POST
def print_submit(request):
    reason = _closed_reason(request)
    if reason:
        messages.error(request, reason)
        return redirect("fabrication:start")
    form = _form(request, request.POST)
    errors = _apply_changes(request, form)
    files = list(draft_files(request, lab=request.lab))
    if form.is_valid() and not errors:
        data = form.cleaned_data
        try:
            job = print_job_submit(
                lab=request.lab,
                files=files,
                material=data["material"],
                colour=data["colour"],
                printer=data["printer"],
                notes=data["notes"],
                requester=request.user if request.user.is_authenticated else None,
                contact_name=data.get("contact_name", ""),
                contact_email=data.get("contact_email", ""),
                language=request.LANGUAGE_CODE,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            session_files_forget(request, [f.pk for f in files])
            if job.requester_id is None:
                messages.success(
                    request,
                    _(
                        "Your request %(ref)s is saved. Check your mailbox: follow the link we "
                        "sent to %(email)s and the lab will review it."
                    )
                    % {"ref": job.reference, "email": job.contact_email},
                )
            else:
                messages.success(
                    request,
                    _("Your print job %(ref)s is sent to the lab.") % {"ref": job.reference},
                )
            return redirect(job_url(job))
    context = _quote_context(request, form, errors)
    return render(request, "fabrication/print/start.html", context, status=422)


# --- the model's pictures --------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_thumbnail(request, file_id: int):
    print_file = file_get(request, file_id=file_id, secret=request.GET.get("s", ""))
    if not print_file.thumbnail:
        raise Http404
    with print_file.thumbnail.open("rb") as stored:
        return _private(HttpResponse(stored.read(), content_type="image/png"))


def file_mesh(request, file_id: int):
    """The model for the 3D view (see preview.py for the format)."""
    print_file = file_get(request, file_id=file_id, secret=request.GET.get("s", ""))
    try:
        data = preview_bytes(print_file)
    except MeshError:
        raise Http404 from None
    return _private(HttpResponse(data, content_type="application/octet-stream"))
