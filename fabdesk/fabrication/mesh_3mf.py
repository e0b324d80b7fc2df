"""Fabdesk's own 3MF reader. A 3MF file is a ZIP archive of XML: the archive is measured
before anything is inflated (sum of the uncompressed sizes, compression ratio of each member:
zip bombs), the XML is parsed by defusedxml (no DTD, no entity expansion: no billion laughs)
as a stream, element by element. Units (micron, millimeter, centimeter, inch, foot, meter)
and the transforms of the build items and components are applied; the result is in mm."""

import zipfile
import zlib
from array import array
from pathlib import Path

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext as _

from .mesh_errors import MeshError, bad_indices, too_many_triangles
from .mesh_formats import not_a_mesh

CORE = "{http://schemas.microsoft.com/3dmanufacturing/core/2015/02}"
PRODUCTION = "{http://schemas.microsoft.com/3dmanufacturing/production/2015/06}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MODEL_REL = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"
UNITS_MM = {
    "micron": 0.001,
    "millimeter": 1.0,
    "centimeter": 10.0,
    "inch": 25.4,
    "foot": 304.8,
    "meter": 1000.0,
}
MAX_RATIO = 100  # XML of a mesh deflates 5-15 times; a member inflating 100 times is a bomb
MAX_DEPTH = 8  # components within components


def read_3mf(
    path: Path, *, max_triangles: int, max_unzipped_bytes: int
) -> tuple[np.ndarray, np.ndarray]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        with path.open("rb") as stream:
            head = stream.read(1024)
        if head.startswith(b"PK"):
            raise MeshError("bad_zip", _("The 3MF archive is damaged.")) from None
        raise not_a_mesh("3MF", head) from None
    with archive:
        _check_sizes(archive, max_unzipped_bytes)
        reader = _Reader(archive, max_triangles=max_triangles)
        try:
            return reader.read()
        except (ParseError, DefusedXmlException, ValueError, TypeError, KeyError,
                zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:  # fmt: skip
            raise MeshError(
                "bad_xml",
                _("The 3MF file's model cannot be read: %(reason)s")
                % {"reason": type(error).__name__},
            ) from None


def _check_sizes(archive: zipfile.ZipFile, limit: int) -> None:
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise MeshError(
            "zip_bomb",
            _("The 3MF archive would unpack to %(size)s MB; at most %(limit)s MB are accepted.")
            % {"size": total // 2**20, "limit": limit // 2**20},
        )
    for info in infos:
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise MeshError(
                "zip_bomb",
                _("The 3MF archive is compressed suspiciously well (%(ratio)s to 1): refused.")
                % {"ratio": info.file_size // max(info.compress_size, 1)},
            )


class _Limited:
    """A member's stream that never yields more than the size its header announced."""

    def __init__(self, stream, limit: int) -> None:
        self.stream, self.left = stream, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, *, max_triangles: int) -> None:
        self.archive = archive
        self.max_triangles = max_triangles
        self.triangles = 0
        self.objects: dict[tuple[str, str], dict] = {}  # (part, id) -> mesh or components
        self.units: dict[str, float] = {}
        self.parsed: set[str] = set()

    def read(self):
        root = self._root_part()
        build = self._parse(root)
        if not build:  # no build items: every mesh object as it is
            build = [(root, key[1], np.eye(4)) for key in self.objects if key[0] == root]
        vertices, faces, offset = [], [], 0
        for part, object_id, transform in build:
            for v, f in self._instances(part, object_id, transform, depth=0):
                vertices.append(v)
                faces.append(f + offset)
                offset += len(v)
        if not vertices:
            raise MeshError("empty_mesh", _("The model holds no triangles."))
        return np.concatenate(vertices), np.concatenate(faces)

    def _root_part(self) -> str:
        names = set(self.archive.namelist())
        if "_rels/.rels" in names:
            for _event, element in iterparse(self._open("_rels/.rels")):
                if element.tag == f"{RELS}Relationship" and element.get("Type") == MODEL_REL:
                    target = element.get("Target", "").lstrip("/")
                    if target in names:
                        return target
        for name in names:
            if name.lower().endswith(".model") and name.lower().startswith("3d/"):
                return name
        raise MeshError("no_model", _("The 3MF archive holds no 3D model."))

    def _open(self, name: str):
        info = self.archive.getinfo(name)
        return _Limited(self.archive.open(info), info.file_size)

    def _parse(self, part: str) -> list:
        """Read one model part: its objects (meshes, components) and its build items."""
        self.parsed.add(part)
        build = []
        vx, tri, components = array("d"), array("q"), []
        unit, container = 1.0, None
        for _event, element in iterparse(self._open(part), events=("start", "end")):
            tag = element.tag
            if _event == "start":
                if tag == f"{CORE}model":
                    name = element.get("unit", "millimeter")
                    if name not in UNITS_MM:
                        raise ValueError(name)
                    unit = self.units[part] = UNITS_MM[name]
                elif tag == f"{CORE}object":
                    vx, tri, components = array("d"), array("q"), []
                elif tag in (f"{CORE}vertices", f"{CORE}triangles"):
                    container = element
                continue
            if tag == f"{CORE}vertex":
                vx.extend((float(element.get("x")), float(element.get("y")),
                           float(element.get("z"))))  # fmt: skip
            elif tag == f"{CORE}triangle":
                tri.extend((int(element.get("v1")), int(element.get("v2")),
                            int(element.get("v3"))))  # fmt: skip
                self.triangles += 1
                if self.triangles > self.max_triangles:
                    raise too_many_triangles(self.triangles, self.max_triangles)
            elif tag == f"{CORE}component":
                target = (element.get(f"{PRODUCTION}path") or "").lstrip("/") or part
                components.append((target, element.get("objectid"), _matrix(element, unit)))
            elif tag == f"{CORE}object":
                if len(tri):
                    self.objects[(part, element.get("id"))] = {
                        "vertices": np.frombuffer(vx, np.float64).reshape(-1, 3) * unit,
                        "faces": np.frombuffer(tri, np.int64).reshape(-1, 3),
                    }
                elif components:
                    self.objects[(part, element.get("id"))] = {"components": components}
            elif tag == f"{CORE}item":
                target = (element.get(f"{PRODUCTION}path") or "").lstrip("/") or part
                build.append((target, element.get("objectid"), _matrix(element, unit)))
            if tag in (f"{CORE}vertex", f"{CORE}triangle") and container is not None:
                container.clear()  # what is read is dropped: memory stays flat
            elif tag == f"{CORE}object":
                element.clear()
        return build

    def _instances(self, part: str, object_id: str, transform: np.ndarray, *, depth: int):
        if depth > MAX_DEPTH:
            raise ValueError("components nested too deep")
        if part not in self.parsed:
            self._parse(part)
        found = self.objects.get((part, object_id))
        if found is None:
            return
        if "components" in found:
            for target, child, matrix in found["components"]:
                # The component's transform applies first, then its parent's.
                yield from self._instances(target, child, matrix @ transform, depth=depth + 1)
            return
        vertices, faces = found["vertices"], found["faces"]
        if len(faces) and (faces.min() < 0 or faces.max() >= len(vertices)):
            raise bad_indices()
        moved = vertices @ transform[:3, :3] + transform[3, :3]
        yield moved, faces


def _matrix(element, unit: float) -> np.ndarray:
    """3MF's "m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32" (row vectors: p' = p·M),
    its translation turned into mm."""
    text = element.get("transform")
    matrix = np.eye(4)
    if text:
        values = [float(value) for value in text.split()]
        if len(values) != 12:
            raise ValueError("transform")
        matrix[:, :3] = np.array(values).reshape(4, 3)
        matrix[3, :3] *= unit
    return matrix
