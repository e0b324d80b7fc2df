"""How close is Fabdesk's instant estimate to PrusaSlicer?

Generates eight typical parts (a 20 mm cube, a calibration-cube-like box, a cylinder, a
vase-like hollow box, an L bracket, a sphere, a plate with holes, an 80 mm part) and, for
each, six profiles (the 0.20 mm / 20 % / 2 perimeters base, then 0.10 and 0.30 mm layers,
10 and 40 % infill, 3 perimeters). Each is estimated (fabdesk.fabrication.estimate) and
sliced by PrusaSlicer with the equivalent config (fabdesk.fabrication.slicer writes it), and
the table gives filament and time from both and the errors. Aim (issue 8): filament within
±15 % and time within ±25 % for these parts.

Run: .venv/bin/python benchmarks/quote_accuracy.py [--fit]   (needs prusa-slicer; about two
minutes on 2 cores). --fit also prints the least-squares factors for estimate.Calibration.
Passes or fails nothing. Last seen (2026-11-29, 2 cores, PrusaSlicer 2.5.0): see
benchmarks/README.md, section "quote_accuracy.py".
"""

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import trimesh

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fabdesk.settings.test")

import django

django.setup()

from fabdesk.fabrication.analysis import analyse_file  # noqa: E402
from fabdesk.fabrication.estimate import PrintParameters, estimate_print  # noqa: E402
from fabdesk.fabrication.slicer import slice_file, slicer_available, write_stl  # noqa: E402
from fabdesk.fabrication.tests.meshes import cells_mesh  # noqa: E402

BED = (250.0, 210.0, 220.0)


class Printer:  # what slice_file reads of a Machine
    size_x_mm, size_y_mm, size_z_mm = BED


def parts() -> dict[str, trimesh.Trimesh]:
    cube = trimesh.creation.box((20, 20, 20))
    box = trimesh.creation.box((30, 20, 15))
    cylinder = trimesh.creation.cylinder(radius=15, height=30, sections=96)
    sphere = trimesh.creation.icosphere(subdivisions=5, radius=15)
    cup = np.ones((3, 3, 2), dtype=bool)
    cup[1, 1, 1] = False  # 40 mm box, 2 mm walls, 2 mm floor, open top
    vase = cells_mesh([0, 2, 38, 40], [0, 2, 38, 40], [0, 2, 40], cup)
    bracket = np.zeros((2, 1, 2), dtype=bool)
    bracket[:, :, 0] = True
    bracket[0, :, 1] = True  # an L: 50 x 20 foot 5 mm thick, 5 mm wall 30 mm high
    l_shape = cells_mesh([0, 5, 50], [0, 20], [0, 5, 35], bracket)
    plate = np.ones((7, 5, 1), dtype=bool)
    for i, j in ((1, 1), (1, 3), (3, 2), (5, 1), (5, 3)):
        plate[i, j, 0] = False  # five 6 mm square holes in a 60 x 40 x 4 plate
    holes = cells_mesh([0, 6, 12, 24, 30, 42, 48, 60], [0, 8, 14, 26, 32, 40], [0, 4], plate)
    big = np.ones((3, 3, 2), dtype=bool)
    big[1, 1, 1] = False  # an 80 x 80 x 40 block with a 40 x 40 x 20 pocket
    block = cells_mesh([0, 20, 60, 80], [0, 20, 60, 80], [0, 20, 40], big)
    return {
        "cube 20": cube,
        "box 30x20x15": box,
        "cylinder r15 h30": cylinder,
        "hollow box 40": vase,
        "L bracket": l_shape,
        "sphere r15": sphere,
        "plate with holes": holes,
        "block 80 pocket": block,
    }


BASE = PrintParameters(layer_height=0.2, first_layer_height=0.2, infill_percent=20, perimeters=2)
PROFILES = {
    "base 0.2/20%/2p": BASE,
    "layer 0.1": replace(BASE, layer_height=0.1),
    "layer 0.3": replace(BASE, layer_height=0.3, first_layer_height=0.3),
    "infill 10%": replace(BASE, infill_percent=10),
    "infill 40%": replace(BASE, infill_percent=40),
    "3 perimeters": replace(BASE, perimeters=3),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="print least-squares factors")
    parser.add_argument("--parts", nargs="*", help="only these parts")
    options = parser.parse_args()
    if not slicer_available():
        sys.exit("prusa-slicer is not installed: nothing to compare with.")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, mesh in parts().items():
            if options.parts and name not in options.parts:
                continue
            path = Path(folder) / "part.stl"
            write_stl(path, mesh.vertices, mesh.faces)
            analysis = analyse_file(path=path, build_volume_mm=BED)
            assert analysis.watertight, name
            for label, params in PROFILES.items():
                guess = estimate_print(
                    geometry=analysis.geometry, params=params, density_g_cm3=1.24
                )
                real = slice_file(path=path, profile=params, printer=Printer)
                rows.append((name, label, analysis.geometry, params, guess, real))
                print(_row(name, label, guess, real), flush=True)
    _summary(rows)
    if options.fit:
        _fit(rows)


def _row(name, label, guess, real) -> str:
    filament = guess.filament_mm3 / real.filament_mm3 - 1
    time = guess.print_time_s / real.print_time_s - 1
    return (
        f"| {name} | {label} | {real.filament_mm3:,.0f} | {guess.filament_mm3:,.0f} | "
        f"{filament:+.1%} | {real.print_time_s / 60:.1f} | {guess.print_time_s / 60:.1f} | "
        f"{time:+.1%} |"
    )


def _summary(rows) -> None:
    filament = [abs(g.filament_mm3 / r.filament_mm3 - 1) for *_, g, r in rows]
    time = [abs(g.print_time_s / r.print_time_s - 1) for *_, g, r in rows]
    print(
        f"\n{len(rows)} cases. Filament error: mean {statistics.mean(filament):.1%}, "
        f"worst {max(filament):.1%}, within 15 %: {sum(e <= 0.15 for e in filament)}. "
        f"Time error: mean {statistics.mean(time):.1%}, worst {max(time):.1%}, "
        f"within 25 %: {sum(e <= 0.25 for e in time)}."
    )


FITTED = {  # the terms fitted; the others keep their factor (estimate.Calibration)
    "volume": ["walls", "skins", "infill", "solid"],
    "time": ["perimeter_s", "infill_s", "first_layer_s", "layer_s"],
}


def _fit(rows) -> None:
    """Relative least squares of the slicer's figures on the estimate's terms."""
    from fabdesk.fabrication.estimate import CALIBRATION, terms

    found = [terms(geometry=geometry, params=params) for _n, _l, geometry, params, *_ in rows]
    for kind, real in (
        ("volume", [r.filament_mm3 for *_, r in rows]),
        ("time", [r.print_time_s for *_, r in rows]),
    ):
        real = np.array(real, dtype=float)
        fixed = np.array([
            sum(getattr(CALIBRATION, k) * v for k, v in f[kind].items() if k not in FITTED[kind])
            for f in found
        ])  # fmt: skip
        a = np.array([[f[kind][k] for k in FITTED[kind]] for f in found])
        factors, *_ = np.linalg.lstsq(a / real[:, None], 1 - fixed / real, rcond=None)
        print(
            f"{kind} factors:",
            {k: round(float(v), 3) for k, v in zip(FITTED[kind], factors, strict=True)},
        )


if __name__ == "__main__":
    main()
