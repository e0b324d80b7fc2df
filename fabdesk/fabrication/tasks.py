"""The slicer in the background: a PrintFile's exact quote (slice_status pending → running →
done or failed). Enqueued after commit by quote_services.quote_file."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from .estimate import Estimate
from .models import PrintFile, SliceStatus
from .pricing import print_settings_for

logger = logging.getLogger(__name__)


@task()
def slice_print_file(print_file_id: int, printer_id: int | None = None) -> str:
    """Slice one file with its profile and material and replace its estimate. Returns the
    final slice status."""
    from fabdesk.equipment.models import Machine

    from .analysis import MeshError
    from .quote_services import local_path, quote_figures
    from .slicer import SlicerError, SlicerUnavailable, slice_file

    print_file = (
        PrintFile.objects.select_related("lab", "material", "profile", "uploaded_by")
        .filter(pk=print_file_id)
        .first()
    )
    if print_file is None or print_file.profile is None:
        return "missing"
    PrintFile.objects.filter(pk=print_file.pk).update(slice_status=SliceStatus.RUNNING)
    printer = (
        Machine.objects.filter(pk=printer_id, lab=print_file.lab).first() if printer_id else None
    )
    try:
        with local_path(print_file.file) as path:
            result = slice_file(
                path=path,
                profile=print_file.profile,
                material=print_file.material,
                printer=printer,
            )
    except SlicerUnavailable as error:
        return _finish(print_file, SliceStatus.UNAVAILABLE, error.message)
    except SlicerError as error:
        return _finish(print_file, SliceStatus.FAILED, error.message)
    except MeshError as error:
        return _finish(print_file, SliceStatus.FAILED, error.detail)
    except Exception:  # the slicer must never leave a file "running" for ever
        logger.exception("Slicing print file %s failed", print_file.pk)
        return _finish(print_file, SliceStatus.FAILED, _("The slicer failed unexpectedly."))
    estimate = Estimate(
        filament_mm3=result.filament_mm3,
        filament_g=result.filament_g,
        print_time_s=result.print_time_s,
        method="slicer",
    )
    member = print_file.job.requester if print_file.job_id else print_file.uploaded_by
    quote = quote_figures(
        analysis=print_file.analysis,
        params=None,
        material=print_file.material,
        settings=print_settings_for(print_file.lab),
        quantity=print_file.quantity,
        member=member,
        estimate=estimate,
    )
    quote["estimate"] = {
        key: print_file.quote.get(key) for key in ("filament_mm3", "filament_g", "print_time_s")
    }
    quote["printer"] = printer_id
    with transaction.atomic():
        PrintFile.objects.filter(pk=print_file.pk).update(
            quote=quote, slice_status=SliceStatus.DONE, slice_message=""
        )
    return SliceStatus.DONE


def _finish(print_file: PrintFile, status: str, message: str) -> str:
    quote = dict(print_file.quote or {})
    quote["slicer_warning"] = str(message)
    PrintFile.objects.filter(pk=print_file.pk).update(
        slice_status=status, slice_message=str(message)[:500], quote=quote
    )
    return status
