"""How fast is a quote of a large file, and how much memory does it take?

Generates a binary STL of 1,310,720 triangles (an icosphere, 62.5 MB) and, each step in a
fresh process, times: (a) reading the raw triangles with numpy (`np.fromfile` with the STL
record dtype), (b) `trimesh.load` of the file, (c) Fabdesk's analysis (own reader, merged
vertices, bodies, closed, volume, sections, fit in a printer) + estimate, (d) the same
analysis as the server runs it, in the sandbox's child process with its limits (the sandbox
started beforehand: its first job in a process costs its start, given apart; its memory
measured in the child, where the analysis runs). Each step reports
its wall time, the peak of numpy/Python allocations during the step (tracemalloc, in a
second run: numpy reports its buffers to it) and how far the step raised the process's peak
resident memory above what the interpreter and the libraries held before it. Aim (issue 8):
(c) under 1.5 s and no slower than (b); peak memory under 4 times the file's size.

Run: .venv/bin/python benchmarks/quote.py [--subdivisions 8]. About half a minute. Passes
or fails nothing. Last seen: see benchmarks/README.md, section "quote.py".
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fabdesk.settings.test")

STEPS = ["numpy", "trimesh", "fabdesk", "sandboxed"]
BED = (250, 210, 220)


def _memory_kb(field: str) -> int:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc (ru_maxrss would carry the
    parent's peak over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _step(name: str, path: Path, *, trace: bool) -> dict:
    import django
    import numpy as np

    django.setup()
    import trimesh

    from fabdesk.fabrication.analysis import analyse_file
    from fabdesk.fabrication.estimate import PrintParameters, estimate_print
    from fabdesk.fabrication.mesh_formats import STL_RECORD
    from fabdesk.fabrication.mesh_jobs import analyse_limited

    start = ""
    if name == "sandboxed":  # start the sandbox's server with a small file
        small = path.with_name("small.stl")
        trimesh.creation.box((10, 10, 10)).export(small)
        started = time.perf_counter()
        analyse_limited(path=small)
        first = time.perf_counter() - started
        started = time.perf_counter()
        analyse_limited(path=small)
        start = f" (sandbox start {first:.2f} s, then {time.perf_counter() - started:.3f} s a job)"
    rss_before = _memory_kb("VmRSS")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    if name == "numpy":
        records = np.fromfile(path, dtype=STL_RECORD, offset=84)
        detail = f"{len(records):,} records"
    elif name == "trimesh":
        mesh = trimesh.load(path)
        detail = f"{len(mesh.faces):,} faces, {len(mesh.vertices):,} vertices"
    else:
        analyse = analyse_file if name == "fabdesk" else analyse_limited
        analysis = analyse(path=path, build_volume_mm=BED)
        estimate = estimate_print(
            geometry=analysis.geometry, params=PrintParameters(), density_g_cm3=1.24
        )
        detail = (
            f"{analysis.triangles:,} triangles, {analysis.bodies} body, volume "
            f"{analysis.volume_mm3:,.0f} mm3, {estimate.filament_g:.0f} g, "
            f"{estimate.print_time_s / 3600:.1f} h{start}"
        )
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = _memory_kb("VmHWM") - rss_before
    figures = {"seconds": seconds, "traced_mb": traced / 2**20, "rss_mb": rss / 1024,
               "detail": detail}  # fmt: skip
    if name == "sandboxed":  # the memory is the child's
        from fabdesk.fabrication.sandbox import run_limited

        figures.update(run_limited(_in_child, path=str(path), trace=trace))
    return figures


def _in_child(path: str, trace: bool) -> dict:
    """The analysis's memory, measured in the sandbox's child."""
    from fabdesk.fabrication.analysis import analyse_file

    rss_before = _memory_kb("VmRSS")
    if trace:
        tracemalloc.start()
    analyse_file(path=path, build_volume_mm=BED)
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    return {"traced_mb": traced / 2**20, "rss_mb": (_memory_kb("VmHWM") - rss_before) / 1024}


def _run(step: str, path: Path, *, trace: bool) -> dict:
    command = [sys.executable, __file__, "--step", step, "--file", str(path)]
    answer = subprocess.run(  # noqa: S603 (this very script)
        command + (["--trace"] if trace else []), check=True, capture_output=True, text=True
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subdivisions", type=int, default=8)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        print(json.dumps(_step(options.step, Path(options.file), trace=options.trace)))
        return
    import trimesh

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sphere.stl"
        mesh = trimesh.creation.icosphere(subdivisions=options.subdivisions, radius=60)
        mesh.export(path)
        size = path.stat().st_size / 2**20
        print(f"{len(mesh.faces):,} triangles, {size:.1f} MB\n")
        print("| step | time (s) | peak allocations (MB) | peak RSS growth (MB) | result |")
        print("|---|---|---|---|---|")
        for step in STEPS:
            figures = _run(step, path, trace=False)  # time and RSS without tracing's cost
            figures["traced_mb"] = _run(step, path, trace=True)["traced_mb"]
            print(
                f"| {step} | {figures['seconds']:.2f} | {figures['traced_mb']:.0f} "
                f"({figures['traced_mb'] / size:.1f}x the file) | {figures['rss_mb']:.0f} | "
                f"{figures['detail']} |"
            )


if __name__ == "__main__":
    main()
