"""The analysis of an uploaded 3D file: what it is (triangles, bodies, closed or not, volume,
area, size), whether it fits the printer, and warnings a member understands.

Files come from strangers: the readers (mesh_formats, mesh_3mf) are Fabdesk's own, bounded
before they allocate; anything wrong is a `MeshError` with a stable code. See
docs/adr/0011-own-mesh-readers-and-a-calibrated-estimate.md."""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import trimesh
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .mesh_3mf import read_3mf
from .mesh_errors import MeshError
from .mesh_formats import read_obj, read_stl
from .mesh_geometry import (
    Fit,
    body_count,
    drop_unused,
    edge_counts,
    find_fit,
    merge_vertices,
    sections,
    surfaces,
)

__all__ = ["FORMATS", "Analysis", "MeshError", "analyse_file", "analyse_mesh", "load_mesh"]

FORMATS = ("stl", "obj", "3mf")
MAX_TRIANGLES = 5_000_000
MAX_FILE_BYTES = 100 * 2**20
MAX_UNZIPPED_BYTES = 1024 * 2**20
TINY_VOLUME_MM3 = 1.0


@dataclass
class Analysis:
    file_format: str
    triangles: int
    bodies: int
    watertight: bool
    volume_mm3: float | None
    area_mm2: float
    bbox_mm: tuple[float, float, float]
    fits: bool | None
    orientation: str | None = None  # how it fits: as_is, turned, side, flat
    warnings: list[str] = field(default_factory=list)
    # What the estimate needs besides: the volume to fill (measured even when not closed,
    # roughly), the areas facing up, down and sideways (mm²).
    geometry: dict = field(default_factory=dict)
    mesh: trimesh.Trimesh | None = field(default=None, repr=False)
    rotation: np.ndarray | None = field(default=None, repr=False)  # p·R lays it as it fits

    def as_dict(self) -> dict:
        return {
            "format": self.file_format,
            "triangles": self.triangles,
            "bodies": self.bodies,
            "watertight": self.watertight,
            "volume_mm3": self.volume_mm3,
            "area_mm2": self.area_mm2,
            "bbox_mm": list(self.bbox_mm),
            "fits": self.fits,
            "warnings": list(self.warnings),
        }

    def record(self) -> dict:
        """What PrintFile.analysis stores: as_dict(), how it fits and the estimate's figures
        (so that a quote can be computed again without reading the file)."""
        return {**self.as_dict(), "orientation": self.orientation, "geometry": self.geometry}


def sniff_format(path: Path, name: str | None = None) -> str:
    """The format named by the file's extension (`name`, else the path's), else by its
    content: ZIP → 3mf, else stl (the STL reader tells what it really is)."""
    suffix = Path(name or str(path)).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    with Path(path).open("rb") as stream:
        head = stream.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "3mf"
    if head[:2] in (b"v ", b"# ", b"o ", b"mt") or b"\nv " in head:
        return "obj"
    return "stl"


def _file_too_large(size: int, limit: int) -> MeshError:
    return MeshError(
        "too_large",
        _("The file is %(size)s MB; at most %(limit)s MB are accepted.")
        % {"size": f"{size / 2**20:.1f}", "limit": f"{limit / 2**20:g}"},
    )


def load_mesh(
    *,
    path: Path | str,
    file_format: str | None = None,
    max_triangles: int = MAX_TRIANGLES,
    max_bytes: int = MAX_FILE_BYTES,
) -> trimesh.Trimesh:
    """Read a file into a checked mesh (finite, not empty, not flat), in millimetres."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise _file_too_large(size, max_bytes)
    if size == 0:
        raise MeshError("empty_mesh", _("The file is empty."))
    file_format = (file_format or sniff_format(path)).lower().lstrip(".")
    if file_format == "stl":
        vertices, faces = read_stl(path, max_triangles=max_triangles)
    elif file_format == "obj":
        vertices, faces = read_obj(path, max_triangles=max_triangles)
    elif file_format == "3mf":
        vertices, faces = read_3mf(
            path,
            max_triangles=max_triangles,
            max_unzipped_bytes=max(MAX_UNZIPPED_BYTES, 10 * max_bytes),
        )
    else:
        raise MeshError(
            "unsupported_format",
            _("%(format)s files are not accepted: send STL, OBJ or 3MF.")
            % {"format": file_format.upper() or "?"},
        )
    return checked_mesh(vertices, faces)


def checked_mesh(vertices: np.ndarray, faces: np.ndarray | None) -> trimesh.Trimesh:
    """A mesh from what a reader returned (faces None: a triangle soup, as STL stores it):
    identical points merged, collapsed triangles dropped; refused when empty, not finite or
    flat."""
    if len(vertices) == 0 or (faces is not None and len(faces) == 0):
        raise MeshError("empty_mesh", _("The model holds no triangles."))
    if not np.isfinite(vertices).all():
        raise MeshError(
            "non_finite",
            _("The model has points with impossible coordinates (NaN or infinite): "
              "export it again."),
        )  # fmt: skip
    unique, inverse = merge_vertices(vertices)
    del vertices
    if faces is None:  # a triangle soup (STL): three points per triangle
        faces = inverse.reshape(-1, 3)
    else:
        unique, faces = drop_unused(unique, inverse[faces])
    collapsed = (
        (faces[:, 0] == faces[:, 1]) | (faces[:, 1] == faces[:, 2]) | (faces[:, 0] == faces[:, 2])
    )
    if collapsed.any():
        faces = faces[~collapsed]
    extent = np.ptp(unique, axis=0)
    if len(faces) == 0 or (extent <= 1e-9 * max(float(extent.max()), 1.0)).any():
        raise MeshError(
            "flat_mesh",
            _("The model is flat: it has no thickness, so there is nothing to print."),
        )
    return trimesh.Trimesh(vertices=unique, faces=faces, process=False, validate=False)


def analyse_file(
    *,
    path: Path | str,
    file_format: str | None = None,
    build_volume_mm: tuple[float, float, float] | None = None,
    max_triangles: int = MAX_TRIANGLES,
    max_bytes: int = MAX_FILE_BYTES,
    nozzle_mm: float = 0.4,
) -> Analysis:
    """Read and measure a file; raises MeshError for a file that cannot be analysed."""
    file_format = (file_format or sniff_format(Path(path))).lower().lstrip(".")
    mesh = load_mesh(
        path=path, file_format=file_format, max_triangles=max_triangles, max_bytes=max_bytes
    )
    return analyse_mesh(
        mesh, file_format=file_format, build_volume_mm=build_volume_mm, nozzle_mm=nozzle_mm
    )


def analyse_mesh(
    mesh: trimesh.Trimesh,
    *,
    file_format: str,
    build_volume_mm: tuple[float, float, float] | None = None,
    nozzle_mm: float = 0.4,
) -> Analysis:
    faces, vertices = mesh.faces.view(np.ndarray), mesh.vertices.view(np.ndarray)
    closed, consistent = edge_counts(faces, len(vertices))
    watertight = closed and consistent
    measured = surfaces(vertices, faces)
    volume = abs(measured.volume) if watertight else None
    if watertight and volume is not None and volume <= 1e-9:
        raise MeshError(
            "flat_mesh", _("The model is flat: it has no volume, so there is nothing to print.")
        )
    fit = None
    if build_volume_mm and all(build_volume_mm):
        fit = find_fit(vertices, faces, tuple(float(v) for v in build_volume_mm))
    analysis = Analysis(
        file_format=file_format,
        triangles=len(mesh.faces),
        bodies=body_count(faces, len(vertices)),
        watertight=watertight,
        volume_mm3=round(volume, 2) if volume is not None else None,
        area_mm2=round(measured.area, 2),
        bbox_mm=tuple(round(float(e), 2) for e in np.ptp(vertices, axis=0)),
        fits=fit.fits if fit else None,
        orientation=fit.orientation if fit and fit.fits else None,
        mesh=mesh,
        rotation=fit.rotation if fit and fit.fits else None,
        geometry=_geometry(vertices, faces, measured, fit),
    )
    analysis.warnings = _warnings(analysis, fit, build_volume_mm, nozzle_mm)
    return analysis


SECTIONS = 40  # heights at which the part is cut for the estimate


def _geometry(vertices, faces, measured, fit: Fit | None) -> dict:
    """The estimate's figures, for the part as it will be printed (laid as it fits): volume,
    areas facing up, down and sideways, height, and its sections (area and outline length at
    SECTIONS evenly spaced heights)."""
    laid = measured
    if fit is not None and fit.fits and fit.orientation in ("side", "flat"):
        vertices = vertices @ fit.rotation
        laid = surfaces(vertices, faces)
    bottom, height = float(vertices[:, 2].min()), float(np.ptp(vertices[:, 2]))
    levels = (np.arange(SECTIONS) + 0.5) / SECTIONS * height
    areas, outlines = sections(vertices, faces, bottom + levels + 1e-7 * height)
    return {
        "solid_mm3": round(abs(measured.volume), 2),
        "up_mm2": round(laid.up, 2),
        "down_mm2": round(laid.down, 2),
        "side_mm2": round(laid.side, 2),
        "height_mm": round(height, 2),
        "sections": [
            [round(float(z), 3), round(abs(float(a)), 2), round(float(o), 2)]
            for z, a, o in zip(levels, areas, outlines, strict=True)
        ],
    }


def _size(values) -> str:
    return " x ".join(f"{value:g}" for value in values)


def _warnings(analysis: Analysis, fit: Fit | None, build_volume, nozzle_mm: float) -> list:
    found = []
    if not analysis.watertight:
        found.append(
            _("The model is not closed (it has holes or loose edges): its volume cannot be "
              "measured, the estimate is rough and the print may come out wrong. Repair it "
              "or export it again as a solid.")
        )  # fmt: skip
    if analysis.bodies > 1:
        found.append(
            ngettext(
                "The file holds %(count)d separate part; they are printed together.",
                "The file holds %(count)d separate parts; they are printed together.",
                analysis.bodies,
            )
            % {"count": analysis.bodies}
        )
    if fit is not None and not fit.fits:
        found.append(
            _("The model (%(size)s mm) is too big for the printer (%(volume)s mm), even laid "
              "on another side. Scale it down or cut it into parts.")
            % {"size": _size(analysis.bbox_mm), "volume": _size(build_volume)}
        )  # fmt: skip
    elif fit is not None and fit.orientation in ("turned", "side", "flat"):
        found.append(
            _(
                "The model fits the printer only once turned or laid on another side "
                "(%(size)s mm); the lab will orient it."
            )
            % {"size": _size(round(v, 1) for v in fit.size)}
        )
    thinnest = min(analysis.bbox_mm)
    if thinnest < 2 * nozzle_mm:
        found.append(
            _("The model is very thin (%(size)s mm): parts thinner than %(limit)s mm may not "
              "print or may break.") % {"size": f"{thinnest:g}", "limit": f"{2 * nozzle_mm:g}"}
        )  # fmt: skip
    elif analysis.volume_mm3 and analysis.area_mm2:
        # A plate of thickness t has volume/area ≈ t/2: an average wall under two nozzles.
        average_wall = 2 * analysis.volume_mm3 / analysis.area_mm2
        if average_wall < 2 * nozzle_mm:
            found.append(
                _("The model has very thin walls (about %(size)s mm on average): they may not "
                  "print or may break.") % {"size": f"{average_wall:.2g}"}
            )  # fmt: skip
    if analysis.volume_mm3 is not None and analysis.volume_mm3 < TINY_VOLUME_MM3:
        found.append(
            _("The model is tiny (%(volume)s mm³): check that it was exported in millimetres.")
            % {"volume": f"{analysis.volume_mm3:.2g}"}
        )
    elif max(analysis.bbox_mm) < 2:
        found.append(
            _("The model is tiny (%(size)s mm): check that it was exported in millimetres.")
            % {"size": _size(analysis.bbox_mm)}
        )
    return found
