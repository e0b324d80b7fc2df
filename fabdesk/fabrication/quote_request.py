"""An instant quote for a file on disk, as the CLI (`fabdesk quote`) and the API
(`POST /api/v1/quotes`) give it: options resolved against the lab (material by code, the
printer, the profile they start from), then analysis, estimate or slicer, and price.

The answer has exactly the keys the issue promises: format, triangles, bodies, watertight,
volume_mm3, area_mm2, bbox_mm, fits, filament_mm3, filament_g, print_time_s, price, method,
warnings. A file that cannot be read (or is too heavy to read within the sandbox's limits)
raises MeshError."""

from dataclasses import dataclass, replace
from pathlib import Path

from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid
from fabdesk.equipment.models import Machine, MachineCategory

from .analysis import MAX_FILE_BYTES, MAX_TRIANGLES
from .estimate import Estimate, PrintParameters, estimate_print
from .mesh_jobs import analyse_limited
from .models import Material, PrintProfile, Technology
from .pricing import print_price, print_settings_for
from .quote_services import DEFAULT_DENSITY, build_volume
from .slicer import SlicerError, SlicerUnavailable, slice_file, slicer_available

METHODS = ("estimate", "slicer", "auto")
PRINTER_KINDS = (MachineCategory.Kind.FDM_PRINTER, MachineCategory.Kind.RESIN_PRINTER)
# Accepted ranges: (field, low, high).
LIMITS = {
    "layer_height": (0.04, 1.0),
    "nozzle": (0.1, 2.0),
    "infill": (0, 100),
    "perimeters": (0, 20),
    "top_layers": (0, 50),
    "bottom_layers": (0, 50),
}


@dataclass(frozen=True)
class QuoteOptions:
    material: str | None = None
    layer_height: float | None = None
    infill: float | None = None
    perimeters: int | None = None
    top_layers: int | None = None
    bottom_layers: int | None = None
    nozzle: float | None = None
    printer: int | None = None
    method: str = "auto"


def _check(options: QuoteOptions) -> None:
    for name, (low, high) in LIMITS.items():
        value = getattr(options, name)
        if value is not None and not low <= float(value) <= high:
            raise Invalid(
                _("%(name)s must be between %(low)s and %(high)s.")
                % {"name": name.replace("_", " "), "low": low, "high": high},
                code="out_of_range",
                field=name,
            )
    if options.method not in METHODS:
        raise Invalid(
            _("The method is estimate, slicer or auto."), code="bad_method", field="method"
        )


def resolve_material(lab, code: str | None) -> Material | None:
    """The material by code (offered ones), else the first offered FDM material; None when
    the lab has none (then PLA's density and no price)."""
    if lab is None:
        if code:
            raise Invalid(_("There is no lab, so no material."), code="unknown_material")
        return None
    offered = Material.objects.filter(lab=lab, active=True)
    if code:
        found = offered.filter(code__iexact=code).first()
        if found is None:
            codes = ", ".join(offered.values_list("code", flat=True)) or "-"
            raise Invalid(
                _("No material “%(code)s” is offered (offered: %(codes)s).")
                % {"code": code, "codes": codes},
                code="unknown_material",
                field="material",
            )
        return found
    return offered.filter(technology=Technology.FDM).first()


def resolve_printer(lab, printer_id: int | None) -> Machine | None:
    if printer_id is None:
        return None
    found = (
        Machine.objects.filter(lab=lab, pk=printer_id, category__kind__in=PRINTER_KINDS).first()
        if lab is not None
        else None
    )
    if found is None:
        raise Invalid(
            _("No 3D printer has the id %(id)s.") % {"id": printer_id},
            code="unknown_printer",
            field="printer",
        )
    return found


def base_profile(lab, printer: Machine | None) -> PrintProfile | None:
    """The profile the options start from: the printer's own (its default first), else the
    lab's default, else the lab's first profile for any printer."""
    if lab is None:
        return None
    profiles = PrintProfile.objects.filter(lab=lab)
    if printer is not None:
        own = profiles.filter(printer=printer).order_by("-is_default", "name").first()
        if own is not None:
            return own
    return (
        profiles.filter(is_default=True).first()
        or profiles.filter(printer__isnull=True).order_by("name").first()
    )


def resolve_params(lab, printer: Machine | None, options: QuoteOptions) -> PrintParameters:
    profile = base_profile(lab, printer)
    params = PrintParameters.from_profile(profile) if profile else PrintParameters()
    overrides = {
        "layer_height": options.layer_height,
        "first_layer_height": options.layer_height,
        "infill_percent": options.infill,
        "perimeters": options.perimeters,
        "top_layers": options.top_layers,
        "bottom_layers": options.bottom_layers,
        "nozzle": options.nozzle,
    }
    if options.layer_height is not None and profile is not None:
        # The first layer keeps the profile's thickness unless it is thinner than a layer.
        overrides["first_layer_height"] = max(params.first_layer_height, options.layer_height)
    chosen = {key: value for key, value in overrides.items() if value is not None}
    for key in ("perimeters", "top_layers", "bottom_layers"):
        if key in chosen:
            chosen[key] = int(chosen[key])
    return replace(params, **chosen)


def quote_path(
    *, path: Path | str, lab, options: QuoteOptions, member=None, file_format: str | None = None
) -> dict:
    """Analyse, estimate (or slice) and price a file. Raises MeshError for a bad file,
    Invalid for bad options (or `slicer` asked where no slicer is installed)."""
    _check(options)
    material = resolve_material(lab, options.material)
    printer = resolve_printer(lab, options.printer)
    params = resolve_params(lab, printer, options)
    if options.method == "slicer" and not slicer_available():
        raise Invalid(
            _("No slicer is installed here: ask for the estimate (method estimate or auto)."),
            code="slicer_unavailable",
            field="method",
        )
    settings = print_settings_for(lab) if lab is not None else None
    analysis = analyse_limited(  # in the sandbox: time and memory limits
        path=path,
        file_format=file_format,
        build_volume_mm=build_volume(printer),
        max_triangles=settings.max_triangles if settings else MAX_TRIANGLES,
        max_bytes=settings.max_upload_mb * 2**20 if settings else MAX_FILE_BYTES,
        nozzle_mm=params.nozzle,
    )
    density = material.density_g_cm3 if material is not None else DEFAULT_DENSITY
    figures = estimate_print(geometry=analysis.geometry, params=params, density_g_cm3=density)
    warnings = list(analysis.warnings)
    if options.method in ("slicer", "auto") and slicer_available():
        try:
            sliced = slice_file(path=path, profile=params, material=material, printer=printer)
        except SlicerUnavailable:
            pass
        except SlicerError as error:
            warnings.append(error.message)
            warnings.append(str(_("The figures are Fabdesk's estimate.")))
        else:
            figures = Estimate(
                sliced.filament_mm3, sliced.filament_g, sliced.print_time_s, method="slicer"
            )
    elif options.method == "auto":
        warnings.append(str(_("No slicer is installed: the figures are Fabdesk's estimate.")))
    price = print_price(
        settings=settings,
        grams=figures.filament_g,
        seconds=figures.print_time_s,
        price_per_kg=material.price_per_kg if material is not None else None,
        member=member,
    )
    shape = analysis.as_dict()
    del shape["warnings"]
    figures_dict = figures.as_dict()
    method = figures_dict.pop("method")
    return {
        **shape,
        **figures_dict,
        "price": str(price.total) if price else None,
        "method": method,
        "warnings": warnings,
    }
