"""Quotes for uploaded 3D files: store the upload (checked), analyse it, estimate and price
it, and queue the real slicer when the lab has one.

    print_file_create(lab=..., uploaded_file=...)             -> PrintFile (stored, checked)
    quote_file(print_file=..., material=..., profile=..., printer=..., member=...)
                                                              -> PrintFile (analysis + quote)
    quote_path(path=..., lab=..., material=..., params=..., printer=..., method=...)
                                                              -> dict (the CLI's and API's)
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid

from .analysis import FORMATS, MAX_FILE_BYTES, MAX_TRIANGLES, Analysis, MeshError
from .estimate import Estimate, PrintParameters, estimate_print
from .mesh_formats import content_kind, describe_content
from .mesh_jobs import analyse_limited
from .models import Material, PrintFile, PrintProfile, SliceStatus
from .pricing import print_price, print_settings_for

DEFAULT_DENSITY = 1.24  # PLA, when the lab has no material
MAX_QUANTITY = 1000
# What the first bytes of each format may look like (binary STL: anything unrecognised).
ACCEPTED_KINDS = {"stl": {"text"}, "obj": {"text"}, "3mf": {"zip"}}


class FileTooLarge(Invalid):
    status = 413
    default_code = "too_large"


def mesh_refusal(error: MeshError) -> Invalid:
    """A MeshError as a domain refusal (413 when the file is too large, else 422)."""
    kind = FileTooLarge if error.code == "too_large" else Invalid
    return kind(error.detail, code=error.code, field="file")


def upload_limits(lab) -> tuple[int, int]:
    """(largest file in bytes, most triangles) for this lab."""
    settings = print_settings_for(lab)
    if settings is None:
        return MAX_FILE_BYTES, MAX_TRIANGLES
    return settings.max_upload_mb * 2**20, settings.max_triangles


def file_format_of(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise Invalid(
        _("“%(name)s” is not a 3D file Fabdesk reads: send STL, OBJ or 3MF.") % {"name": name},
        code="unsupported_format",
        field="file",
    )


def print_file_create(
    *, lab, uploaded_file: UploadedFile, uploaded_by=None, quantity: int = 1
) -> PrintFile:
    """Store an uploaded 3D file for a quote: size limit, format from the name, content
    sniffed (a PNG renamed .stl is refused here); the analysis comes with quote_file()."""
    max_bytes, _triangles = upload_limits(lab)
    if uploaded_file.size is not None and uploaded_file.size > max_bytes:
        raise mesh_refusal(
            MeshError(
                "too_large",
                _("The file is %(size)s MB; at most %(limit)s MB are accepted.")
                % {"size": f"{uploaded_file.size / 2**20:.1f}", "limit": max_bytes // 2**20},
            )
        )
    if not 1 <= int(quantity) <= MAX_QUANTITY:
        raise Invalid(
            _("The quantity must be between 1 and %(max)s.") % {"max": MAX_QUANTITY},
            code="invalid_quantity",
            field="quantity",
        )
    name = Path(uploaded_file.name or "model").name[:200] or "model"
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(0)
    file_format = file_format_of(name)
    if not head:
        raise Invalid(_("The file is empty."), code="empty_mesh", field="file")
    kind = content_kind(head)
    if kind is not None and kind not in ACCEPTED_KINDS[file_format]:
        raise Invalid(
            _("This is not a valid %(format)s file: it is %(kind)s.")
            % {"format": file_format.upper(), "kind": describe_content(head)},
            code="not_a_mesh",
            field="file",
        )
    print_file = PrintFile(
        lab=lab,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        original_name=name,
        file_format=file_format,
        quantity=int(quantity),
    )
    print_file.file.save(f"model.{file_format}", uploaded_file, save=False)
    print_file.save()
    return print_file


@contextlib.contextmanager
def local_path(field_file):
    """A path on disk for a stored file (a temporary copy when the storage is remote)."""
    try:
        stored = Path(field_file.path)
    except NotImplementedError:  # remote storage
        stored = None
    if stored is not None and stored.is_file():
        yield stored
        return
    with tempfile.TemporaryDirectory(prefix="fabdesk-") as folder:
        target = Path(folder) / Path(field_file.name).name
        with field_file.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        yield target


def build_volume(printer) -> tuple[float, float, float] | None:
    if printer is None:
        return None
    sizes = (printer.size_x_mm, printer.size_y_mm, printer.size_z_mm)
    return tuple(float(s) for s in sizes) if all(sizes) else None


def analyse_print_file(*, print_file: PrintFile, printer=None, nozzle_mm: float = 0.4):
    """The stored file's analysis, made in the sandbox (time and memory limits: a file too
    heavy is refused like a bad one)."""
    max_bytes, max_triangles = upload_limits(print_file.lab)
    with local_path(print_file.file) as path:
        try:
            return analyse_limited(
                path=path,
                file_format=print_file.file_format,
                build_volume_mm=build_volume(printer),
                max_triangles=max_triangles,
                max_bytes=max_bytes,
                nozzle_mm=nozzle_mm,
            )
        except MeshError as error:
            raise mesh_refusal(error) from None


def quote_figures(
    *,
    analysis: Analysis | dict,
    params: PrintParameters,
    material: Material | None,
    settings,
    quantity: int = 1,
    member=None,
    estimate: Estimate | None = None,
) -> dict:
    """The quote's JSON: filament, time, price (a string, or None) and method."""
    geometry = analysis.geometry if isinstance(analysis, Analysis) else analysis["geometry"]
    density = material.density_g_cm3 if material is not None else DEFAULT_DENSITY
    if estimate is None:
        estimate = estimate_print(geometry=geometry, params=params, density_g_cm3=density)
    price = print_price(
        settings=settings,
        grams=estimate.filament_g,
        seconds=estimate.print_time_s,
        price_per_kg=material.price_per_kg if material is not None else None,
        quantity=quantity,
        member=member,
    )
    return {
        **estimate.as_dict(),
        "quantity": quantity,
        "price": str(price.total) if price else None,
        "currency": settings.lab.currency if settings is not None else None,
        "hourly_rate": str(price.hourly_rate) if price else None,
    }


def quote_file(
    *,
    print_file: PrintFile,
    material: Material,
    profile: PrintProfile,
    printer=None,
    member=None,
) -> PrintFile:
    """Analyse, estimate and price a stored file (the member's group rate); store the
    analysis and the quote; queue the slicer (after commit) when it is installed. A file
    that cannot be analysed raises Invalid (413 too_large, else 422) with the MeshError's
    code; nothing is stored then."""
    from .slicer import slicer_available
    from .tasks import slice_print_file

    params = PrintParameters.from_profile(profile)
    analysis = analyse_print_file(print_file=print_file, printer=printer, nozzle_mm=params.nozzle)
    settings = print_settings_for(print_file.lab)
    quote = quote_figures(
        analysis=analysis,
        params=params,
        material=material,
        settings=settings,
        quantity=print_file.quantity,
        member=member,
    )
    print_file.analysis = analysis.record()
    print_file.material, print_file.profile = material, profile
    available = slicer_available()
    print_file.slice_status = SliceStatus.PENDING if available else SliceStatus.UNAVAILABLE
    print_file.slice_message = (
        "" if available else str(_("No slicer is installed: the price is an estimate."))
    )
    quote["printer"] = printer.pk if printer is not None else None
    print_file.quote = quote
    print_file.save(
        update_fields=["analysis", "quote", "material", "profile", "slice_status", "slice_message"]
    )
    if available:
        pk, printer_pk = print_file.pk, quote["printer"]
        transaction.on_commit(lambda: slice_print_file.enqueue(pk, printer_pk))
    return print_file
