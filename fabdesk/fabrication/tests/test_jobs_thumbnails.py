"""The server-made pictures of a model (thumbnail) and the 3D view's binary (preview)."""

import io
import struct

import numpy as np
import pytest
import trimesh
from PIL import Image

from fabdesk.fabrication.preview import MAGIC, decimate, mesh_binary, preview_bytes
from fabdesk.fabrication.thumbnails import (
    BACKGROUND,
    SIZE,
    hex_colour,
    render_png,
    thumbnail_store,
)

from .job_factories import make_file


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _painted_share(image: Image.Image) -> float:
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    differs = np.abs(pixels - np.array(BACKGROUND)).sum(axis=2) > 30
    return float(differs.mean())


def test_a_box_is_drawn_shaded_and_centred():
    box = trimesh.creation.box(extents=(40, 20, 10))
    image = _image(render_png(box.vertices, box.faces, colour=(255, 136, 0), closed=True))
    assert image.format == "PNG" and image.size == SIZE
    assert 0.15 < _painted_share(image) < 0.8
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    painted = np.abs(pixels - np.array(BACKGROUND)).sum(axis=2) > 30
    rows, cols = np.nonzero(painted)
    # Centred: as much margin left as right, above as below (within a few pixels).
    assert abs(cols.min() - (SIZE[0] - 1 - cols.max())) <= 4
    assert abs(rows.min() - (SIZE[1] - 1 - rows.max())) <= 4
    # Lambert shading: the three visible faces of the box have three different tones.
    tones = {tuple(p) for p in pixels[painted].tolist() if p[0] > 40}
    assert len({t[0] // 16 for t in tones}) >= 3


def test_an_open_surface_is_seen_from_both_sides():
    square = trimesh.Trimesh(
        vertices=[[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0]], faces=[[0, 2, 1], [0, 3, 2]]
    )  # facing down: seen from above, it is its back
    image = _image(render_png(square.vertices, square.faces))
    assert _painted_share(image) > 0.1


def test_nothing_to_draw_gives_a_blank_picture_not_an_error():
    flat = np.zeros((3, 3))
    image = _image(render_png(flat, np.array([[0, 1, 2]])))
    assert image.size == SIZE and _painted_share(image) == 0
    nan = np.array([[np.nan, 0, 0], [1, 0, 0], [0, 1, 0]])
    assert _image(render_png(nan, np.array([[0, 1, 2]]))).size == SIZE


def test_a_large_mesh_is_drawn():
    sphere = trimesh.creation.uv_sphere(radius=20, count=[160, 160])  # ~100,000 triangles
    image = _image(render_png(sphere.vertices, sphere.faces, closed=True))
    assert 0.3 < _painted_share(image) < 0.8


@pytest.mark.parametrize(
    ("value", "rgb"),
    [("#ff8800", (255, 136, 0)), ("00ff00", (0, 255, 0)), ("#zzzzzz", None), ("", None)],
)
def test_colour_codes(value, rgb):
    from fabdesk.fabrication.thumbnails import DEFAULT_COLOUR

    assert hex_colour(value) == (rgb or DEFAULT_COLOUR)


@pytest.mark.django_db
def test_the_thumbnail_is_stored_with_the_file(lab):
    print_file = make_file(lab)
    box = trimesh.creation.box(extents=(10, 10, 10))
    thumbnail_store(print_file=print_file, vertices=box.vertices, faces=box.faces, colour="#2255aa")
    print_file.refresh_from_db()
    assert print_file.thumbnail.name.endswith(".png")
    with print_file.thumbnail.open("rb") as stored:
        image = _image(stored.read())
    assert image.size == SIZE and _painted_share(image) > 0.1


def _read_binary(data: bytes):
    assert data[:4] == MAGIC
    vertex_count, face_count = struct.unpack("<II", data[4:12])
    vertices = np.frombuffer(data, "<f4", vertex_count * 3, 12).reshape(-1, 3)
    faces = np.frombuffer(data, "<u4", face_count * 3, 12 + vertex_count * 12).reshape(-1, 3)
    return vertices, faces


def test_the_preview_binary_holds_the_mesh():
    box = trimesh.creation.box(extents=(40, 20, 10))
    vertices, faces = _read_binary(mesh_binary(box.vertices, box.faces))
    assert np.allclose(vertices, box.vertices) and (faces == box.faces).all()


def test_large_meshes_are_simplified_for_the_preview_keeping_their_shape():
    sphere = trimesh.creation.uv_sphere(radius=20, count=[400, 400])  # ~640,000 triangles
    vertices, faces = decimate(sphere.vertices, sphere.faces, target=50_000)
    assert 10_000 < len(faces) <= 50_000
    simplified = trimesh.Trimesh(vertices, faces, process=False)
    assert np.allclose(simplified.bounds, sphere.bounds, atol=0.5)
    assert abs(simplified.volume - sphere.volume) / sphere.volume < 0.02
    assert faces.max() < len(vertices)


@pytest.mark.django_db
def test_the_preview_is_made_once_and_kept(lab, monkeypatch):
    print_file = make_file(lab)
    calls = []

    def visuals(print_file, *, thumbnail=True):
        calls.append(print_file.pk)
        box = trimesh.creation.box(extents=(10, 10, 10))
        return {"thumbnail": None, "preview": mesh_binary(box.vertices, box.faces)}

    monkeypatch.setattr("fabdesk.fabrication.preview.file_visuals", visuals)
    first = preview_bytes(print_file)
    again = preview_bytes(print_file)
    assert first == again and calls == [print_file.pk]
    assert len(_read_binary(first)[1]) == 12
