"""`fabdesk quote FILE`: an instant quote for a 3D file (STL, OBJ, 3MF), for scripts and the
lab's own tooling. `--json` prints one object (format, triangles, bodies, watertight,
volume_mm3, area_mm2, bbox_mm, fits, filament_mm3, filament_g, print_time_s, price, method,
warnings); a file that cannot be read exits 2 printing {"error": {"code", "detail"}}."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import DomainError
from fabdesk.core.models import Lab
from fabdesk.fabrication.analysis import MeshError
from fabdesk.fabrication.quote_request import METHODS, QuoteOptions, quote_path

BAD_FILE = 2


class Command(BaseCommand):
    help = "Analyse a 3D file (STL, OBJ, 3MF) and print its quote: filament, time and price."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The 3D file (STL, OBJ or 3MF).")
        parser.add_argument("--material", help="Material code (default: the first FDM one).")
        parser.add_argument("--layer-height", type=float, help="Layer height in mm.")
        parser.add_argument("--infill", type=float, help="Infill in percent.")
        parser.add_argument("--perimeters", type=int, help="Number of perimeters.")
        parser.add_argument("--top-layers", type=int, help="Solid top layers.")
        parser.add_argument("--bottom-layers", type=int, help="Solid bottom layers.")
        parser.add_argument("--nozzle", type=float, help="Nozzle diameter in mm.")
        parser.add_argument("--printer", type=int, help="The printer's id (its build volume).")
        parser.add_argument(
            "--method",
            choices=METHODS,
            default="auto",
            help="estimate, slicer (PrusaSlicer) or auto (the slicer when installed).",
        )
        parser.add_argument("--lab", help="The lab's slug (needed only with several labs).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        as_json = options["json"]
        path = Path(options["file"])
        if not path.is_file():
            self._fail(as_json, "not_found", _("No file %(path)s.") % {"path": path}, exit_code=1)
        try:
            lab = self._lab(options["lab"])
            result = quote_path(
                path=path,
                lab=lab,
                options=QuoteOptions(
                    material=options["material"],
                    layer_height=options["layer_height"],
                    infill=options["infill"],
                    perimeters=options["perimeters"],
                    top_layers=options["top_layers"],
                    bottom_layers=options["bottom_layers"],
                    nozzle=options["nozzle"],
                    printer=options["printer"],
                    method=options["method"],
                ),
            )
        except MeshError as error:
            self._fail(as_json, error.code, error.detail, exit_code=BAD_FILE, always_json=True)
        except DomainError as error:
            self._fail(as_json, error.code, str(error.message), exit_code=1)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(summary(path.name, result, lab))

    def _lab(self, slug: str | None):
        if slug:
            lab = Lab.objects.filter(slug=slug).first()
            if lab is None:
                raise DomainError(_("No lab “%(slug)s”.") % {"slug": slug}, code="unknown_lab")
            return lab
        labs = list(Lab.objects.order_by("id")[:2])
        if len(labs) > 1:
            raise DomainError(_("There are several labs: choose one with --lab."), code="lab")
        return labs[0] if labs else None

    def _fail(self, as_json, code: str, detail: str, *, exit_code: int, always_json=False):
        """Print the refusal (JSON with --json, and always for a bad file) and exit."""
        if as_json or always_json:
            self.stdout.write(json.dumps({"error": {"code": code, "detail": str(detail)}}))
            sys.exit(exit_code)
        raise CommandError(str(detail), returncode=exit_code)


def summary(name: str, result: dict, lab) -> str:
    """The quote in a few lines a person reads."""
    yes_no = {True: _("yes"), False: _("no"), None: _("no printer chosen")}
    volume = result["volume_mm3"]
    lines = [
        _("%(name)s: %(format)s, %(triangles)s triangles, %(bodies)s, %(closed)s")
        % {
            "name": name,
            "format": result["format"].upper(),
            "triangles": f"{result['triangles']:,}",
            "bodies": ngettext("%(n)d body", "%(n)d bodies", result["bodies"])
            % {"n": result["bodies"]},
            "closed": _("closed") if result["watertight"] else _("not closed"),
        },
        _("Size: %(size)s mm; volume: %(volume)s; area: %(area)s mm²")
        % {
            "size": " x ".join(f"{v:g}" for v in result["bbox_mm"]),
            "volume": f"{volume:,.0f} mm³" if volume is not None else _("unknown"),
            "area": f"{result['area_mm2']:,.0f}",
        },
        _("Fits the printer: %(fits)s") % {"fits": yes_no[result["fits"]]},
        _("Filament: %(grams)s g (%(volume)s mm³)")
        % {"grams": f"{result['filament_g']:.1f}", "volume": f"{result['filament_mm3']:,.0f}"},
        _("Print time: %(time)s") % {"time": duration(result["print_time_s"])},
        _("Price: %(price)s")
        % {
            "price": f"{result['price']} {lab.currency}"
            if result["price"] is not None and lab is not None
            else _("none (the lab has no print prices)")
        },
        _("Figures from: %(method)s")
        % {"method": _("the slicer") if result["method"] == "slicer" else _("the estimate")},
    ]
    lines += [_("Warning: %(text)s") % {"text": text} for text in result["warnings"]]
    return "\n".join(str(line) for line in lines)


def duration(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes = round(rest / 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}
