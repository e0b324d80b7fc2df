"""The real slicer behind exact quotes: PrusaSlicer's command line (Debian package
`prusa-slicer`), run on a copy of the mesh Fabdesk has read and checked itself (never the
uploaded file: a 3MF could carry its own printer settings), with a config written from the
print profile, in a temporary folder, with a time limit. The figures come from the G-code's
closing comments.

Settings: FABDESK_SLICER_PATH (default "prusa-slicer"), FABDESK_SLICER_TIMEOUT (seconds,
default 120)."""

import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from .analysis import MAX_TRIANGLES
from .estimate import MIN_LAYER_TIME_S, SKIRT_DISTANCE_MM, WIDTH_FACTOR, PrintParameters
from .mesh_formats import STL_RECORD
from .mesh_geometry import face_areas
from .mesh_jobs import slicer_model_limited

NO_PRINTER_BED = (1000.0, 1000.0, 1000.0)  # "any printer": the slicer never refuses a size


@dataclass(frozen=True)
class SliceResult:
    filament_mm3: float
    filament_g: float
    print_time_s: int


class SlicerError(Exception):
    """The slicer ran and refused, failed or took too long; `message` says why."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


class SlicerUnavailable(SlicerError):
    pass


def slicer_path() -> str | None:
    return shutil.which(getattr(settings, "FABDESK_SLICER_PATH", "prusa-slicer"))


def slicer_available() -> bool:
    return slicer_path() is not None


def slicer_timeout() -> int:
    return int(getattr(settings, "FABDESK_SLICER_TIMEOUT", 120))


def _params(profile) -> PrintParameters:
    return (
        profile if isinstance(profile, PrintParameters) else PrintParameters.from_profile(profile)
    )


def slicer_config(
    *,
    params: PrintParameters,
    density_g_cm3: float,
    filament_diameter_mm: float,
    bed_mm: tuple[float, float, float],
) -> str:
    """A PrusaSlicer config equivalent to the profile (what the estimate assumes too)."""
    width = round(WIDTH_FACTOR * params.nozzle, 3)
    x, y, z = bed_mm
    values = {
        "layer_height": params.layer_height,
        "first_layer_height": params.first_layer_height,
        "nozzle_diameter": params.nozzle,
        "fill_density": f"{params.infill_percent:g}%",
        "fill_pattern": "grid",
        "perimeters": params.perimeters,
        "top_solid_layers": params.top_layers,
        "bottom_solid_layers": params.bottom_layers,
        "perimeter_speed": params.perimeter_speed,
        "external_perimeter_speed": params.perimeter_speed,
        "small_perimeter_speed": params.perimeter_speed,
        "gap_fill_speed": params.perimeter_speed,
        "bridge_speed": params.perimeter_speed,
        "top_solid_infill_speed": params.perimeter_speed,
        "infill_speed": params.infill_speed,
        "solid_infill_speed": params.infill_speed,
        "travel_speed": params.travel_speed,
        "first_layer_speed": params.first_layer_speed,
        "extrusion_width": width,
        "perimeter_extrusion_width": width,
        "external_perimeter_extrusion_width": width,
        "infill_extrusion_width": width,
        "solid_infill_extrusion_width": width,
        "top_infill_extrusion_width": width,
        "first_layer_extrusion_width": width,
        "filament_diameter": filament_diameter_mm,
        "filament_density": density_g_cm3,
        "skirts": 1,
        "skirt_distance": SKIRT_DISTANCE_MM,
        "slowdown_below_layer_time": MIN_LAYER_TIME_S,
        "gcode_flavor": "marlin2",
        "bed_shape": f"0x0,{x:g}x0,{x:g}x{y:g},0x{y:g}",
        "max_print_height": f"{z:g}",
        "gcode_comments": 0,
    }
    return "".join(f"{key} = {value}\n" for key, value in values.items())


def write_stl(path: Path, vertices: np.ndarray, faces: np.ndarray) -> None:
    """A binary STL of the mesh (what the slicer reads), with its facets' normals (the
    slicer refuses some meshes whose normals are left empty)."""
    records = np.zeros(len(faces), dtype=STL_RECORD)
    triangles = vertices[faces]
    records["vertices"] = triangles
    _areas, records["normal"] = face_areas(triangles)
    with path.open("wb") as out:
        out.write(b"Fabdesk".ljust(80, b" "))
        out.write(np.uint32(len(faces)).tobytes())
        records.tofile(out)


TIME_PART = re.compile(r"(\d+)\s*([dhms])")
SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def read_gcode_figures(gcode: Path, *, filament_diameter_mm: float, density: float):
    """(mm³, g, seconds) from PrusaSlicer's closing comments."""
    with gcode.open("rb") as stream:
        stream.seek(max(gcode.stat().st_size - 256 * 1024, 0))
        tail = stream.read().decode("utf-8", "replace")
    length = re.search(r"^; filament used \[mm\] = ([\d.]+)", tail, re.M)
    time = re.search(r"^; estimated printing time \(normal mode\) = (.+)$", tail, re.M)
    if not length or not time:
        raise SlicerError(_("The slicer's output has no filament or time figures."))
    volume = float(length.group(1)) * math.pi * (filament_diameter_mm / 2) ** 2
    seconds = sum(int(n) * SECONDS[unit] for n, unit in TIME_PART.findall(time.group(1)))
    return volume, volume / 1000 * density, seconds


def _reason(output: str) -> str:
    """The slicer's own explanation: its last line that is not a progress line."""
    lines = [
        line.strip()
        for line in output.splitlines()
        if line.strip() and not re.match(r"^\d+ =>|^\[\d{4}-", line.strip())
    ]
    return lines[-1][:300] if lines else ""


def slice_file(*, path: Path | str, profile, material=None, printer=None) -> SliceResult:
    """Slice a 3D file with the profile (a PrintProfile or PrintParameters) and the material
    (None: PLA, 1.75 mm); raises SlicerUnavailable, SlicerError, or MeshError for a file
    that cannot be read."""
    binary = slicer_path()
    if binary is None:
        raise SlicerUnavailable(_("No slicer is installed: the price is an estimate."))
    params = _params(profile)
    density = float(material.density_g_cm3) if material is not None else 1.24
    diameter = float(material.filament_diameter_mm) if material is not None else 1.75
    bed = NO_PRINTER_BED
    if printer is not None and all((printer.size_x_mm, printer.size_y_mm, printer.size_z_mm)):
        bed = (float(printer.size_x_mm), float(printer.size_y_mm), float(printer.size_z_mm))
    with tempfile.TemporaryDirectory(prefix="fabdesk-slice-") as folder:
        work = Path(folder)
        # Read, checked and laid as it fits the printer in the sandbox (mesh_jobs.py).
        slicer_model_limited(
            path=path, build_volume_mm=bed, out=work / "model.stl", max_triangles=MAX_TRIANGLES
        )
        (work / "config.ini").write_text(
            slicer_config(
                params=params, density_g_cm3=density, filament_diameter_mm=diameter, bed_mm=bed
            )
        )
        command = [binary, "--export-gcode", "--load", "config.ini", "-o", "model.gcode",
                   "model.stl"]  # fmt: skip
        output = _run(command, cwd=work)
        gcode = work / "model.gcode"
        if not gcode.exists():
            raise SlicerError(_failure(output))
        volume, grams, seconds = read_gcode_figures(
            gcode, filament_diameter_mm=diameter, density=density
        )
    return SliceResult(filament_mm3=volume, filament_g=grams, print_time_s=seconds)


def _failure(output: str) -> str:
    reason = _reason(output)
    if reason:
        return _("The slicer could not slice this file: %(reason)s") % {"reason": reason}
    return _("The slicer could not slice this file.")


def _run(command: list[str], *, cwd: Path) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "LC_ALL": "C"}
    process = subprocess.Popen(  # noqa: S603 (a fixed command, our own files)
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _unused = process.communicate(timeout=slicer_timeout())
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise SlicerError(
            _("The slicer took more than %(seconds)s seconds: the price is an estimate.")
            % {"seconds": slicer_timeout()}
        ) from None
    text = output.decode("utf-8", "replace")
    if process.returncode != 0:
        raise SlicerError(_failure(text))
    return text
