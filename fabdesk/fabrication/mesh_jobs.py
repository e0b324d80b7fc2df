"""The work on an uploaded file that reads its mesh, run in the sandbox (sandbox.py): each
job takes a path and plain values and returns plain values (no mesh crosses the process
boundary). The functions named `*_limited` are what the services call, in the web process.

    analyse_limited(path=..., ...)           -> Analysis (without its mesh)
    visuals_limited(path=..., ...)           -> {"thumbnail": PNG or None, "preview": bytes}
    slicer_model_limited(path=..., out=...)  -> writes the model laid as it fits, as STL
"""

from pathlib import Path

import numpy as np

from .analysis import MAX_FILE_BYTES, MAX_TRIANGLES, Analysis, analyse_file, load_mesh
from .sandbox import run_limited

# --- in the child ----------------------------------------------------------------------------


def analyse_job(**kwargs) -> dict:
    analysis = analyse_file(**kwargs)
    rotation = analysis.rotation
    return {
        **analysis.record(),
        "rotation": rotation.tolist() if rotation is not None else None,
    }


def visuals_job(*, path, file_format, max_triangles, max_bytes, closed, thumbnail) -> dict:
    from .preview import decimate, mesh_binary
    from .thumbnails import render_png

    mesh = load_mesh(
        path=path, file_format=file_format, max_triangles=max_triangles, max_bytes=max_bytes
    )
    vertices, faces = mesh.vertices.view(np.ndarray), mesh.faces.view(np.ndarray)
    return {
        "thumbnail": render_png(vertices, faces, closed=closed) if thumbnail else None,
        "preview": mesh_binary(*decimate(vertices, faces)),
    }


def slicer_model_job(*, path, build_volume_mm, max_triangles, out) -> None:
    from .slicer import write_stl

    analysis = analyse_file(path=path, build_volume_mm=build_volume_mm, max_triangles=max_triangles)
    vertices = analysis.mesh.vertices.view(np.ndarray)
    if analysis.rotation is not None:
        vertices = vertices @ analysis.rotation  # laid as it fits the printer
    write_stl(Path(out), vertices, analysis.mesh.faces.view(np.ndarray))


# --- in the web process ----------------------------------------------------------------------


def analyse_limited(
    *,
    path: Path | str,
    file_format: str | None = None,
    build_volume_mm: tuple[float, float, float] | None = None,
    max_triangles: int = MAX_TRIANGLES,
    max_bytes: int = MAX_FILE_BYTES,
    nozzle_mm: float = 0.4,
) -> Analysis:
    """analyse_file() in the sandbox: the same Analysis, without `.mesh`."""
    record = run_limited(
        analyse_job,
        path=str(path),
        file_format=file_format,
        build_volume_mm=build_volume_mm,
        max_triangles=max_triangles,
        max_bytes=max_bytes,
        nozzle_mm=nozzle_mm,
    )
    rotation = record.get("rotation")
    return Analysis(
        file_format=record["format"],
        triangles=record["triangles"],
        bodies=record["bodies"],
        watertight=record["watertight"],
        volume_mm3=record["volume_mm3"],
        area_mm2=record["area_mm2"],
        bbox_mm=tuple(record["bbox_mm"]),
        fits=record["fits"],
        orientation=record["orientation"],
        warnings=record["warnings"],
        geometry=record["geometry"],
        rotation=np.array(rotation) if rotation is not None else None,
    )


def visuals_limited(
    *,
    path: Path | str,
    file_format: str | None,
    max_triangles: int,
    max_bytes: int,
    closed: bool,
    thumbnail: bool = True,
) -> dict:
    return run_limited(
        visuals_job,
        path=str(path),
        file_format=file_format,
        max_triangles=max_triangles,
        max_bytes=max_bytes,
        closed=closed,
        thumbnail=thumbnail,
    )


def slicer_model_limited(
    *,
    path: Path | str,
    build_volume_mm: tuple[float, float, float],
    out: Path,
    max_triangles: int = MAX_TRIANGLES,
) -> None:
    run_limited(
        slicer_model_job,
        path=str(path),
        build_volume_mm=build_volume_mm,
        max_triangles=max_triangles,
        out=str(out),
    )
