"""Fabdesk's own readers for STL (binary and ASCII) and OBJ, written with numpy so that a file
from a stranger is measured before anything is allocated: a triangle count the file cannot
hold, a PNG renamed `.stl`, a text file full of junk are refused with a `MeshError` at once.

Each reader returns `(vertices, faces)`: (n, 3) points and int64 (m, 3) indices, or faces
None for STL's triangle soup (three points per triangle, merged afterwards)."""

import re
import warnings
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .mesh_errors import MeshError, bad_indices, too_many_triangles, unreadable

STL_RECORD = np.dtype([("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)), ("attribute", "<u2")])
STL_HEADER = 84  # 80 bytes of free text, then the triangle count (uint32, little-endian)
STL_CHUNK = 1 << 16  # triangles read at a time

# What a file really is when it is not a mesh: its first bytes.
MAGIC = [
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "program"),
    (b"MZ", "program"),
]
KIND_LABELS = {
    "png": gettext_lazy("a PNG image"),
    "jpeg": gettext_lazy("a JPEG image"),
    "gif": gettext_lazy("a GIF image"),
    "pdf": gettext_lazy("a PDF document"),
    "zip": gettext_lazy("a ZIP archive"),
    "gzip": gettext_lazy("a compressed (gzip) file"),
    "program": gettext_lazy("a program"),
    "text": gettext_lazy("a text file"),
}


def content_kind(head: bytes) -> str | None:
    """png, jpeg, gif, pdf, zip, gzip, program or text; None for other binary data."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return "text" if looks_like_text(head) else None


def describe_content(head: bytes):
    """What these first bytes look like, for a refusal; None when unknown binary."""
    kind = content_kind(head)
    return KIND_LABELS[kind] if kind else None


def looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:  # a character cut at the end of the sample is fine
        if error.start < len(head) - 4:
            return False
    return True


def not_a_mesh(expected: str, head: bytes) -> MeshError:
    kind = describe_content(head)
    if kind is None:
        detail = _("This is not a valid %(format)s file.") % {"format": expected}
    else:
        detail = _("This is not a valid %(format)s file: it is %(kind)s.") % {
            "format": expected,
            "kind": kind,
        }
    return MeshError("not_a_mesh", detail)


def _empty() -> MeshError:
    return MeshError("empty_mesh", _("The model holds no triangles."))


# --- STL ------------------------------------------------------------------------------------


def read_stl(path: Path, *, max_triangles: int) -> tuple[np.ndarray, np.ndarray]:
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(1024)
    count = int(np.frombuffer(head[80:84], "<u4")[0]) if size >= STL_HEADER else -1
    if count >= 0 and size == STL_HEADER + STL_RECORD.itemsize * count:
        return _read_binary_stl(path, count=count, max_triangles=max_triangles)
    if head.lstrip()[:5].lower() == b"solid" and looks_like_text(head):
        return _read_ascii_stl(path, max_triangles=max_triangles)
    if describe_content(head) is not None:
        raise not_a_mesh("STL", head)
    if count < 0 or size < STL_HEADER + STL_RECORD.itemsize * count:
        raise MeshError(
            "truncated",
            _("The STL file is truncated: its header announces %(count)s triangles but the file "
              "holds %(held)s.") % {"count": f"{max(count, 0):,}",
                                    "held": f"{max(size - STL_HEADER, 0) // 50:,}"},
        )  # fmt: skip
    raise MeshError(
        "bad_header",
        _("The STL file's header announces %(count)s triangles but the file holds more data: "
          "it is damaged.") % {"count": f"{count:,}"},
    )  # fmt: skip


def _read_binary_stl(path: Path, *, count: int, max_triangles: int):
    if count == 0:
        raise _empty()
    if count > max_triangles:
        raise too_many_triangles(count, max_triangles)
    # By chunks into one array: memory holds the points (36 bytes a triangle), not the file.
    vertices = np.empty((3 * count, 3), dtype=np.float32)
    with path.open("rb") as stream:
        stream.seek(STL_HEADER)
        for begin in range(0, count, STL_CHUNK):
            records = np.fromfile(stream, dtype=STL_RECORD, count=min(STL_CHUNK, count - begin))
            if len(records) == 0:
                raise unreadable("STL")
            vertices[3 * begin : 3 * (begin + len(records))] = records["vertices"].reshape(-1, 3)
    return vertices, None  # a triangle soup: float32 points, three per triangle


VERTEX_LINE = re.compile(rb"vertex[ \t]+([^\r\n]*)", re.IGNORECASE)


def _read_ascii_stl(path: Path, *, max_triangles: int):
    data = path.read_bytes()
    vertex_count = data.count(b"vertex") or data.count(b"VERTEX") or data.lower().count(b"vertex")
    if vertex_count == 0:
        raise (
            _empty()
            if b"facet" in data.lower() or b"endsolid" in data
            else not_a_mesh("STL", data[:1024])
        )
    if vertex_count // 3 > max_triangles:
        raise too_many_triangles(vertex_count // 3, max_triangles)
    values = parse_numbers(b"\n".join(VERTEX_LINE.findall(data)), "STL")
    if len(values) % 9 or len(values) != vertex_count * 3:
        raise unreadable("STL")
    return values.reshape(-1, 3), None  # a triangle soup, as in binary STL


def parse_numbers(blob: bytes, what: str) -> np.ndarray:
    """Whitespace-separated numbers; anything else is damage."""
    if not blob.strip():
        return np.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return np.fromstring(blob, dtype=np.float64, sep=" ")
        except (ValueError, DeprecationWarning):
            raise unreadable(what) from None


# --- OBJ ------------------------------------------------------------------------------------


def read_obj(path: Path, *, max_triangles: int) -> tuple[np.ndarray, np.ndarray]:
    data = path.read_bytes()
    if not looks_like_text(data[:1024]):
        raise not_a_mesh("OBJ", data[:1024])
    buf = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(buf)]))  # exclusive, before the newline
    keep = starts < len(buf)
    starts, ends = starts[keep], ends[keep]
    first = buf[starts]
    second = buf[np.minimum(starts + 1, len(buf) - 1)]
    blank = ((second == 32) | (second == 9)) & (ends - starts >= 2)
    is_vertex = (first == ord("v")) & blank
    is_face = (first == ord("f")) & blank
    if not is_vertex.any() or not is_face.any():
        if is_vertex.any() or is_face.any() or b"\nvn " in data or b"\no " in data:
            raise _empty()
        raise not_a_mesh("OBJ", data[:1024])
    if int(is_face.sum()) > max_triangles:
        raise too_many_triangles(int(is_face.sum()), max_triangles)

    v_values, v_counts = _line_values(buf, starts[is_vertex], ends[is_vertex])
    if (v_counts < 3).any():
        raise unreadable("OBJ")
    v_offsets = np.concatenate(([0], np.cumsum(v_counts)[:-1]))
    vertices = v_values[v_offsets[:, None] + np.arange(3)]

    f_values, f_counts = _line_values(buf, starts[is_face], ends[is_face], strip_slashes=True)
    if (f_counts < 3).any():
        raise unreadable("OBJ")
    triangle_count = int((f_counts - 2).sum())
    if triangle_count > max_triangles:
        raise too_many_triangles(triangle_count, max_triangles)
    indices = f_values.astype(np.int64)
    if (indices != f_values).any() or (indices == 0).any():
        raise unreadable("OBJ")
    # 1-based, or negative: relative to the vertices read so far.
    vertices_before = np.searchsorted(np.flatnonzero(is_vertex), np.flatnonzero(is_face))
    f_offsets = np.concatenate(([0], np.cumsum(f_counts)[:-1]))
    line_of_index = np.repeat(np.arange(len(f_counts)), f_counts)
    indices = np.where(indices > 0, indices - 1, vertices_before[line_of_index] + indices)
    if (indices < 0).any() or (indices >= len(vertices)).any():
        raise bad_indices()
    # Polygons become fans of triangles.
    per_line = f_counts - 2
    line = np.repeat(np.arange(len(f_counts)), per_line)
    step = np.arange(triangle_count) - np.repeat(np.cumsum(per_line) - per_line, per_line) + 1
    base = f_offsets[line]
    faces = np.stack((indices[base], indices[base + step], indices[base + step + 1]), axis=1)
    return vertices, faces


def _line_values(buf, starts, ends, *, strip_slashes=False):
    """The numbers on the chosen lines (their one-letter keyword left out) and how many each
    line holds."""
    # Each chosen line, keyword included, up to and with its newline.
    stops = np.minimum(ends + 1, len(buf))
    delta = np.zeros(len(buf) + 1, np.int8)
    np.add.at(delta, starts, 1)
    np.add.at(delta, stops, -1)
    blob = buf[np.cumsum(delta[:-1], dtype=np.int8).view(bool)]
    offsets = np.concatenate(([0], np.cumsum(stops - starts)[:-1]))
    blob[offsets] = 32  # the keyword ("v", "f")
    blob[blob == 13] = 32
    if not (blob[np.cumsum(stops - starts) - 1] == 10).all():
        blob = np.concatenate((blob, [10]))  # the last line had no newline
    text = blob.tobytes()
    if strip_slashes:  # "f 1/2/3 4//6": keep the vertex index only
        text = re.sub(rb"/[^\s]*", b"", text)
    arr = np.frombuffer(text, np.uint8)
    space = (arr == 32) | (arr == 9) | (arr == 10)
    token_start = ~space & np.concatenate(([True], space[:-1]))
    line_starts = np.concatenate(([0], np.flatnonzero(arr == 10)[:-1] + 1))
    token_line = np.searchsorted(line_starts, np.flatnonzero(token_start), side="right") - 1
    counts = np.bincount(token_line, minlength=len(starts))
    values = parse_numbers(text, "OBJ")
    if len(values) != counts.sum():
        raise unreadable("OBJ")
    return values, counts
