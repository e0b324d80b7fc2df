"""A picture of an uploaded model, made on the server without OpenGL: an isometric view drawn
with numpy and Pillow (painter's algorithm: triangles sorted by depth, far ones first;
Lambert shading from one light), for job lists and mails.

For 200,000 triangles: 0.2 s for a closed mesh (back faces skipped), 0.35 s for an open one
(best of three on one core; about twice that on a busy machine)."""

import io
from pathlib import Path

import numpy as np
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from .models import PrintFile

SIZE = (320, 240)
SUPERSAMPLE = 2  # drawn twice as large, then reduced: smooth edges
BACKGROUND = (246, 247, 249)
DEFAULT_COLOUR = (232, 128, 32)
# The camera looks from the front-right-top corner (+x, -y, +z); the light comes from the
# upper left of the picture.
VIEW = np.array([1.0, -1.0, 1.0]) / np.sqrt(3.0)
LIGHT = np.array([-0.3, -0.6, 1.0]) / np.linalg.norm([-0.3, -0.6, 1.0])
AMBIENT = 0.35


def _basis() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(right, up, towards the camera) of the isometric view, Z up in the picture."""
    right = np.cross([0.0, 0.0, 1.0], VIEW)
    right /= np.linalg.norm(right)
    up = np.cross(VIEW, right)
    return right, up, VIEW


def hex_colour(value: str) -> tuple[int, int, int]:
    """'#ff8800' → (255, 136, 0); anything else → the default orange."""
    value = (value or "").lstrip("#")
    if len(value) != 6:
        return DEFAULT_COLOUR
    try:
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return DEFAULT_COLOUR


def render_png(
    vertices: np.ndarray,
    faces: np.ndarray,
    *,
    size: tuple[int, int] = SIZE,
    colour: tuple[int, int, int] = DEFAULT_COLOUR,
    closed: bool = False,
) -> bytes:
    """The PNG of the mesh (`vertices` (n, 3), `faces` (m, 3) indices) seen from the corner.
    A `closed` (watertight) mesh hides its back faces: they are not drawn at all."""
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    image = Image.new("RGB", (width, height), BACKGROUND)
    triangles = np.asarray(vertices, dtype=np.float64)[np.asarray(faces, dtype=np.int64)]
    finite = np.isfinite(triangles).all(axis=(1, 2))
    triangles = triangles[finite]
    if len(triangles):
        _draw(ImageDraw.Draw(image), triangles, (width, height), colour, closed=closed)
    image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _project(triangles: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Pixel coordinates (m, 3, 2) of the triangles' corners, the model centred and filling
    the picture with a margin."""
    width, height = size
    right, up, _towards = _basis()
    screen_x = triangles @ right  # (m, 3)
    screen_y = triangles @ up
    margin = 0.08 * min(width, height)
    span_x = float(screen_x.max() - screen_x.min()) or 1.0
    span_y = float(screen_y.max() - screen_y.min()) or 1.0
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    offset_x = (width - span_x * scale) / 2 - screen_x.min() * scale
    offset_y = (height - span_y * scale) / 2 + screen_y.max() * scale
    return np.stack([screen_x * scale + offset_x, offset_y - screen_y * scale], axis=2)


def _draw(draw, triangles, size, colour: tuple[int, int, int], *, closed: bool) -> None:
    _right, _up, towards = _basis()
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    keep = lengths > 0
    triangles, normals = triangles[keep], normals[keep] / lengths[keep, None]
    if not len(triangles):
        return
    facing = normals @ towards
    if closed:  # a closed surface's back faces are hidden by its front faces
        front = facing > 0
        triangles, normals, facing = triangles[front], normals[front], facing[front]
    else:  # two-sided: a face seen from behind (open mesh, flipped face) is lit as if not
        normals[facing < 0] *= -1
    # Lambert shading, quantised to 256 levels so each triangle's colour is a shared tuple.
    shade = AMBIENT + (1 - AMBIENT) * np.clip(normals @ LIGHT, 0.0, 1.0)
    levels = np.round(shade * 255).astype(np.uint8)
    palette = [tuple(int(c * level / 255) for c in colour) for level in range(256)]

    depth = (triangles @ towards).mean(axis=1)
    order = np.argsort(depth, kind="stable")  # far first: the near ones paint over them
    corners = np.round(_project(triangles[order], size)).astype(np.int32).reshape(-1, 6)
    polygon = draw.polygon
    for points, level in zip(corners.tolist(), levels[order].tolist(), strict=True):
        polygon(points, fill=palette[level])


def thumbnail_store(
    *, print_file: PrintFile, vertices: np.ndarray, faces: np.ndarray, colour: str = ""
) -> PrintFile:
    """Make the file's thumbnail and keep it with the file."""
    png = render_png(
        vertices,
        faces,
        colour=hex_colour(colour) if colour else DEFAULT_COLOUR,
        closed=bool(print_file.analysis.get("watertight")),
    )
    return thumbnail_save(print_file, png)


def thumbnail_save(print_file: PrintFile, png: bytes) -> PrintFile:
    name = f"{Path(print_file.original_name).stem[:60] or 'model'}.png"
    print_file.thumbnail.save(name, ContentFile(png), save=False)
    print_file.save(update_fields=["thumbnail"])
    return print_file
