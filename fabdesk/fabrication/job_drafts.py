"""The files on the "Print a part" page before they are submitted: uploaded and quoted with
the options chosen, quoted again when the printer changes (the fit and the slicer's profile
depend on it), their copies counted, removed. A member's drafts are their own uploads not in a
job; a visitor's are the ones their browser session uploaded.

Material and quantity need no new analysis: the job's price is computed from the stored
figures (job_pricing), so changing them only records the choice. Drafts never submitted are
purged after a week (`fabdesk prints-purge`, drafts_purge)."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid

from .job_permissions import session_file_ids, session_file_remember, session_files_forget
from .job_selectors import profile_for
from .job_services import MAX_FILES, MAX_QUANTITY
from .job_tasks import make_print_file_visuals
from .models import Material, PrintFile, PrintProfile
from .preview import preview_name
from .quote_services import print_file_create, quote_file


def draft_files(request, *, lab) -> QuerySet[PrintFile]:
    qs = PrintFile.objects.filter(lab=lab, job__isnull=True).select_related("material", "profile")
    if request.user.is_authenticated:
        return qs.filter(uploaded_by=request.user).order_by("id")
    return qs.filter(uploaded_by__isnull=True, pk__in=session_file_ids(request)).order_by("id")


def _profile(lab, printer) -> PrintProfile:
    profile = profile_for(lab=lab, printer=printer)
    if profile is None:
        raise Invalid(
            _("The lab has not set up its printers yet: prints cannot be requested."),
            code="no_print_profile",
        )
    return profile


def _member(request):
    return request.user if request.user.is_authenticated else None


def file_upload(
    *, lab, uploaded_file, uploaded_by, material: Material, printer, quantity: int = 1
) -> PrintFile:
    """Store, analyse and quote one uploaded file. A file that cannot be read is refused
    (Invalid, with the reader's code) and nothing of it is kept."""
    profile = _profile(lab, printer)
    with transaction.atomic():
        print_file = print_file_create(
            lab=lab, uploaded_file=uploaded_file, uploaded_by=uploaded_by, quantity=quantity
        )
        try:
            quote_file(
                print_file=print_file,
                material=material,
                profile=profile,
                printer=printer,
                member=uploaded_by,
            )
        except Invalid:
            print_file.file.delete(save=False)
            print_file.delete()
            raise
        pk = print_file.pk
        transaction.on_commit(lambda: make_print_file_visuals.enqueue(pk))
    return print_file


def draft_upload(request, *, lab, uploaded_file, material: Material, printer) -> PrintFile:
    """A file added on the page: one more draft of this person (or browser session)."""
    if draft_files(request, lab=lab).count() >= MAX_FILES:
        raise Invalid(
            _("A job holds at most %(max)s files.") % {"max": MAX_FILES},
            code="too_many_files",
            field="files",
        )
    print_file = file_upload(
        lab=lab,
        uploaded_file=uploaded_file,
        uploaded_by=_member(request),
        material=material,
        printer=printer,
    )
    if not request.user.is_authenticated:
        session_file_remember(request, print_file)
    return print_file


def draft_update(
    request, *, print_file: PrintFile, material: Material, printer, quantity: int | None
) -> PrintFile:
    """Record the options chosen for a draft file; quote it again when the printer (and so
    the profile) changed."""
    changed = []
    if quantity is not None and quantity != print_file.quantity:
        if not 1 <= quantity <= MAX_QUANTITY:
            raise Invalid(
                _("Print between 1 and %(max)s copies of each file.") % {"max": MAX_QUANTITY},
                code="bad_quantity",
                field="quantity",
            )
        print_file.quantity = quantity
        changed.append("quantity")
    if print_file.material_id != material.pk:
        print_file.material = material
        changed.append("material")
    if changed:
        print_file.save(update_fields=changed)
    profile = _profile(print_file.lab, printer)
    printer_id = printer.pk if printer is not None else None
    quoted_for = (print_file.quote or {}).get("printer")
    if print_file.profile_id != profile.pk or quoted_for != printer_id:
        quote_file(
            print_file=print_file,
            material=material,
            profile=profile,
            printer=printer,
            member=_member(request),
        )
    return print_file


def draft_remove(request, *, print_file: PrintFile) -> None:
    if print_file.job_id is not None:
        raise Invalid(_("This file is part of a job."), code="file_in_job")
    names = stored_names(print_file)
    session_files_forget(request, [print_file.pk])
    print_file.delete()
    storage_delete(names)


def stored_names(print_file: PrintFile) -> list[str]:
    """What the storage holds for a file: the upload, its 3D view's binary, its thumbnail."""
    names = [preview_name(print_file)] if print_file.file else []
    return names + [field.name for field in (print_file.file, print_file.thumbnail) if field]


def storage_delete(names: list[str]) -> None:
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)


def drafts_purge(*, days: int = 7, now=None) -> int:
    """Delete the files uploaded more than `days` ago and never submitted in a job, with what
    the storage holds for them; returns how many. A file submitted meanwhile is kept."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = PrintFile.objects.filter(job__isnull=True, created_at__lt=cutoff)
    purged = 0
    for pk in list(stale.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            print_file = stale.select_for_update().filter(pk=pk).first()
            if print_file is None:
                continue
            names = stored_names(print_file)
            print_file.delete()
            transaction.on_commit(lambda names=names: storage_delete(names))
        purged += 1
    return purged
