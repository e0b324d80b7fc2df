"""The model as the browser's 3D view receives it: a compact binary (float32 vertices, uint32
faces), with large models simplified on the server so that a phone can turn them.

Format (little-endian): b"FDM1", uint32 vertex count, uint32 face count, the vertices
(3 float32 each, in mm), the faces (3 uint32 each). Made once per file and kept in the
storage beside the uploads. The uploaded file is read in the sandbox (mesh_jobs.py), never
in the web process."""

import struct

import numpy as np
import trimesh
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .mesh_jobs import visuals_limited
from .models import PrintFile
from .quote_services import local_path, upload_limits

MAGIC = b"FDM1"
MAX_PREVIEW_TRIANGLES = 200_000


def mesh_binary(vertices: np.ndarray, faces: np.ndarray) -> bytes:
    vertices = np.ascontiguousarray(vertices, dtype="<f4")
    faces = np.ascontiguousarray(faces, dtype="<u4")
    header = MAGIC + struct.pack("<II", len(vertices), len(faces))
    return header + vertices.tobytes() + faces.tobytes()


def _cluster(vertices: np.ndarray, faces: np.ndarray, cells: int):
    """Vertex clustering: the points of each grid cell merge into their mean; triangles that
    collapse disappear."""
    low = vertices.min(axis=0)
    size = float(np.ptp(vertices, axis=0).max()) or 1.0
    grid = np.minimum(((vertices - low) / size * cells).astype(np.int64), cells - 1)
    keys = (grid[:, 0] * (cells + 1) + grid[:, 1]) * (cells + 1) + grid[:, 2]
    unique_keys, inverse = np.unique(keys, return_inverse=True)
    counts = np.bincount(inverse, minlength=len(unique_keys)).astype(np.float64)
    merged = np.stack(
        [np.bincount(inverse, weights=vertices[:, axis]) / counts for axis in range(3)], axis=1
    )
    triangles = inverse[faces]
    alive = (
        (triangles[:, 0] != triangles[:, 1])
        & (triangles[:, 1] != triangles[:, 2])
        & (triangles[:, 0] != triangles[:, 2])
    )
    triangles = triangles[alive]
    _kept, first = np.unique(np.sort(triangles, axis=1), axis=0, return_index=True)
    triangles = triangles[np.sort(first)]  # each triangle once, in its original order
    used, compact = np.unique(triangles, return_inverse=True)
    return merged[used], compact.reshape(-1, 3)


def decimate(
    vertices: np.ndarray, faces: np.ndarray, *, target: int = MAX_PREVIEW_TRIANGLES
) -> tuple[np.ndarray, np.ndarray]:
    """At most about `target` triangles, the shape kept (a coarser grid until it fits)."""
    if len(faces) <= target:
        return vertices, faces
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.asarray(faces, dtype=np.int64)
    # A surface's triangles grow with the square of the grid's resolution.
    cells = max(8, int(np.sqrt(target / 2.2)))
    for _attempt in range(8):
        merged, kept = _cluster(vertices, faces, cells)
        if len(kept) <= target:
            return merged, kept
        cells = max(4, int(cells * np.sqrt(target / len(kept)) * 0.95))
    return merged, kept


def file_visuals(print_file: PrintFile, *, thumbnail: bool = True) -> dict:
    """The uploaded model read again with the lab's limits, in the sandbox (mesh_jobs):
    {"thumbnail": PNG bytes or None, "preview": this module's binary}; MeshError if the
    file cannot be read."""
    max_bytes, max_triangles = upload_limits(print_file.lab)
    with local_path(print_file.file) as path:
        return visuals_limited(
            path=path,
            file_format=print_file.file_format,
            max_triangles=max_triangles,
            max_bytes=max_bytes,
            closed=bool((print_file.analysis or {}).get("watertight")),
            thumbnail=thumbnail,
        )


def preview_name(print_file: PrintFile) -> str:
    """Beside the upload, named after it (a stored name is never reused)."""
    return f"{print_file.file.name}.preview.bin"


def preview_store(print_file: PrintFile, mesh: trimesh.Trimesh) -> bytes:
    """Keep the preview of a mesh made here (the demo's own models)."""
    vertices, faces = decimate(mesh.vertices.view(np.ndarray), mesh.faces.view(np.ndarray))
    return preview_save(print_file, mesh_binary(vertices, faces))


def preview_save(print_file: PrintFile, data: bytes) -> bytes:
    name = preview_name(print_file)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return data


def preview_bytes(print_file: PrintFile) -> bytes:
    """The file's preview, made and kept on first use (MeshError if the file cannot be
    read)."""
    name = preview_name(print_file)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    return preview_save(print_file, file_visuals(print_file, thumbnail=False)["preview"])
