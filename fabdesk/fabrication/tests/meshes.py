"""Meshes for the engine's tests, written into tmp_path: known shapes with trimesh.creation,
and writers for each format (binary and ASCII STL, OBJ, 3MF) so that tests never download
anything."""

import io
import zipfile
from pathlib import Path

import numpy as np
import trimesh

MODEL_NS = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Target="/3D/3dmodel.model" Id="rel0" '
    'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="model" '
    'ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
    "</Types>"
)


def cube(size=20.0) -> trimesh.Trimesh:
    mesh = trimesh.creation.box((size, size, size))
    mesh.apply_translation((0, 0, size / 2))
    return mesh


def cells_mesh(xs, ys, zs, filled) -> trimesh.Trimesh:
    """The closed surface of the filled cells of a grid (cell boundaries xs, ys, zs): one
    square face between each filled cell and an empty one, grid points shared."""
    filled = np.pad(np.asarray(filled, dtype=bool), 1)
    ny, nz = len(ys), len(zs)
    index = lambda i, j, k: (i * ny + j) * nz + k  # noqa: E731
    vertices = np.array([(x, y, z) for x in xs for y in ys for z in zs], dtype=float)
    faces = []
    for axis in range(3):
        shifted = np.roll(filled, -1, axis=axis)
        for sign, mask in ((1, filled & ~shifted), (-1, ~filled & shifted)):
            for i, j, k in zip(*np.nonzero(mask), strict=True):
                # The boundary between padded cells (i, j, k) and the next one along axis.
                corner = [i - 1, j - 1, k - 1]
                corner[axis] += 1
                a, b = [(axis + 1) % 3, (axis + 2) % 3]
                quad = []
                for da, db in ((0, 0), (1, 0), (1, 1), (0, 1)):
                    point = list(corner)
                    point[a] += da
                    point[b] += db
                    quad.append(index(*point))
                if sign < 0:
                    quad.reverse()
                faces += [(quad[0], quad[1], quad[2]), (quad[0], quad[2], quad[3])]
    mesh = trimesh.Trimesh(vertices, np.array(faces), process=True)
    mesh.remove_unreferenced_vertices()
    return mesh


def write_stl(path: Path, mesh: trimesh.Trimesh, *, ascii: bool = False) -> Path:
    mesh.export(path, file_type="stl_ascii" if ascii else "stl")
    return path


def write_obj(path: Path, mesh: trimesh.Trimesh) -> Path:
    lines = [f"v {x:.6f} {y:.6f} {z:.6f}" for x, y, z in mesh.vertices]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in mesh.faces]
    path.write_text("# Fabdesk test\n" + "\n".join(lines) + "\n")
    return path


def model_xml(meshes, *, unit="millimeter", transforms=None, header="") -> str:
    objects, items = [], []
    for index, mesh in enumerate(meshes, start=1):
        vertices = "".join(f'<vertex x="{x}" y="{y}" z="{z}"/>' for x, y, z in mesh.vertices)
        triangles = "".join(f'<triangle v1="{a}" v2="{b}" v3="{c}"/>' for a, b, c in mesh.faces)
        objects.append(
            f'<object id="{index}" type="model"><mesh><vertices>{vertices}</vertices>'
            f"<triangles>{triangles}</triangles></mesh></object>"
        )
        transform = (transforms or {}).get(index)
        attribute = f' transform="{transform}"' if transform else ""
        items.append(f'<item objectid="{index}"{attribute}/>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{header}<model unit="{unit}" xmlns="{MODEL_NS}">'
        f"<resources>{''.join(objects)}</resources><build>{''.join(items)}</build></model>"
    )


def write_3mf(path: Path, meshes=None, *, xml: str | None = None, **kwargs) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("3D/3dmodel.model", xml or model_xml(meshes, **kwargs))
    path.write_bytes(buffer.getvalue())
    return path


def binary_stl_bytes(triangles: np.ndarray, *, count: int | None = None, header=b"") -> bytes:
    """A binary STL of (m, 3, 3) triangles; `count` overrides the header's triangle count."""
    records = np.zeros(len(triangles), dtype=[("n", "<f4", 3), ("v", "<f4", (3, 3)), ("a", "<u2")])
    records["v"] = triangles
    announced = len(triangles) if count is None else count
    return header.ljust(80, b" ")[:80] + np.uint32(announced).tobytes() + records.tobytes()
