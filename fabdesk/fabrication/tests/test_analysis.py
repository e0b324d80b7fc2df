"""The analysis of uploaded 3D files: known shapes measured right in every format, and every
kind of bad file of issue 8's "Bad input" refused with its code, quickly, before anything
large is allocated."""

import io
import math
import time
import zipfile

import numpy as np
import pytest
import trimesh

from fabdesk.fabrication.analysis import MeshError, analyse_file, load_mesh
from fabdesk.fabrication.mesh_3mf import read_3mf

from .meshes import (
    binary_stl_bytes,
    cells_mesh,
    cube,
    model_xml,
    write_3mf,
    write_obj,
    write_stl,
)

PRINTER = (250.0, 210.0, 220.0)


def refused(path, **kwargs) -> MeshError:
    with pytest.raises(MeshError) as error:
        analyse_file(path=path, **kwargs)
    assert error.value.detail  # a sentence for a person
    return error.value


# --- Known shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["binary", "ascii", "obj", "3mf"])
def test_a_20_mm_cube_in_every_format(tmp_path, kind):
    writers = {
        "binary": lambda: write_stl(tmp_path / "c.stl", cube()),
        "ascii": lambda: write_stl(tmp_path / "c.stl", cube(), ascii=True),
        "obj": lambda: write_obj(tmp_path / "c.obj", cube()),
        "3mf": lambda: write_3mf(tmp_path / "c.3mf", [cube()]),
    }
    found = analyse_file(path=writers[kind](), build_volume_mm=PRINTER)
    assert found.volume_mm3 == pytest.approx(8000)
    assert found.area_mm2 == pytest.approx(2400)
    assert found.bbox_mm == pytest.approx((20, 20, 20))
    assert (found.triangles, found.bodies, found.watertight, found.fits) == (12, 1, True, True)
    assert found.warnings == []
    assert set(found.as_dict()) == {
        "format", "triangles", "bodies", "watertight", "volume_mm3", "area_mm2", "bbox_mm",
        "fits", "warnings",
    }  # fmt: skip


def test_two_cubes_are_two_bodies(tmp_path):
    second = cube().apply_translation((40, 0, 0))
    found = analyse_file(path=write_stl(tmp_path / "two.stl", cube() + second))
    assert found.bodies == 2
    assert found.volume_mm3 == pytest.approx(16000)
    assert any("2 separate parts" in warning for warning in found.warnings)


def test_an_open_box_is_not_watertight_and_has_no_volume(tmp_path):
    box = cube()
    box.update_faces(np.arange(len(box.faces)) >= 2)  # the lid's two triangles removed
    found = analyse_file(path=write_stl(tmp_path / "open.stl", box))
    assert found.watertight is False
    assert found.volume_mm3 is None
    assert any("not closed" in warning for warning in found.warnings)


def test_a_cylinder_and_a_sphere_measure_close_to_their_formulas(tmp_path):
    cylinder = trimesh.creation.cylinder(radius=10, height=20, sections=256)
    found = analyse_file(path=write_stl(tmp_path / "cyl.stl", cylinder))
    assert found.volume_mm3 == pytest.approx(math.pi * 100 * 20, rel=1e-3)
    assert found.area_mm2 == pytest.approx(2 * math.pi * 100 + 2 * math.pi * 10 * 20, rel=1e-3)
    sphere = trimesh.creation.icosphere(subdivisions=5, radius=10)
    found = analyse_file(path=write_stl(tmp_path / "sphere.stl", sphere))
    assert found.volume_mm3 == pytest.approx(4 / 3 * math.pi * 1000, rel=5e-3)
    assert found.area_mm2 == pytest.approx(4 * math.pi * 100, rel=5e-3)


def test_a_box_with_a_hole_through_it(tmp_path):
    filled = np.ones((3, 3, 1), dtype=bool)
    filled[1, 1, 0] = False  # a 30 x 30 x 10 block with a 10 x 10 hole
    block = cells_mesh([0, 10, 20, 30], [0, 10, 20, 30], [0, 10], filled)
    found = analyse_file(path=write_stl(tmp_path / "hole.stl", block))
    assert found.watertight and found.bodies == 1
    assert found.volume_mm3 == pytest.approx(8000)
    assert found.area_mm2 == pytest.approx(2 * 800 + 4 * 300 + 4 * 100)


def test_obj_polygons_negative_indices_and_slashes(tmp_path):
    path = tmp_path / "quad.obj"
    corners = [(0, 0, 0), (10, 0, 0), (10, 10, 0), (0, 10, 0)]
    top = [(x, y, 10) for x, y, _z in corners]
    lines = [f"v {x} {y} {z}" for x, y, z in corners + top] + ["vt 0 0", "vn 0 0 1"]
    lines += [
        "f 4/1/1 3/1/1 2/1/1 1/1/1",  # bottom (facing down), quads with texture and normal
        "f -4//1 -3//1 -2//1 -1//1",  # top, negative indices
        "f 1 2 6 5", "f 2 3 7 6", "f 3 4 8 7", "f 4 1 5 8",
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    found = analyse_file(path=path)
    assert (found.triangles, found.watertight) == (12, True)
    assert found.volume_mm3 == pytest.approx(1000)


# --- 3MF: units, build items, components ----------------------------------------------------


def test_3mf_units_are_honoured(tmp_path):
    found = analyse_file(path=write_3mf(tmp_path / "inch.3mf", [cube(1)], unit="inch"))
    assert found.bbox_mm == pytest.approx((25.4, 25.4, 25.4))
    assert found.volume_mm3 == pytest.approx(25.4**3, rel=1e-6)


def test_3mf_build_item_transforms_are_applied(tmp_path):
    scaled = "2 0 0 0 2 0 0 0 2 100 0 0"  # twice as large, moved 100 mm along x
    path = write_3mf(tmp_path / "t.3mf", [cube(), cube()], transforms={2: scaled})
    found = analyse_file(path=path)
    assert found.bodies == 2
    assert found.volume_mm3 == pytest.approx(8000 + 64000)
    assert found.bbox_mm[0] == pytest.approx(100 + 20 - (-10))


def test_3mf_components_with_their_own_transforms(tmp_path):
    mesh_part = model_xml([cube()])
    xml = mesh_part.replace(
        "</resources>",
        '<object id="9" type="model"><components>'
        '<component objectid="1" transform="1 0 0 0 1 0 0 0 1 0 0 0"/>'
        '<component objectid="1" transform="1 0 0 0 1 0 0 0 1 50 0 0"/>'
        "</components></object></resources>",
    ).replace('<build><item objectid="1"/></build>', '<build><item objectid="9"/></build>')
    found = analyse_file(path=write_3mf(tmp_path / "c.3mf", xml=xml))
    assert found.bodies == 2
    assert found.volume_mm3 == pytest.approx(16000)


# --- Fitting the printer --------------------------------------------------------------------


def test_a_long_bar_fits_once_turned_on_the_bed(tmp_path):
    bar = trimesh.creation.box((300, 20, 20))
    found = analyse_file(path=write_stl(tmp_path / "bar.stl", bar), build_volume_mm=PRINTER)
    assert found.fits is True
    assert found.orientation == "turned"
    assert any("turned" in warning for warning in found.warnings)


def test_a_tall_part_fits_laid_on_its_side(tmp_path):
    tall = trimesh.creation.box((30, 20, 240))
    found = analyse_file(path=write_stl(tmp_path / "tall.stl", tall), build_volume_mm=PRINTER)
    assert (found.fits, found.orientation) == (True, "side")
    laid = np.ptp(found.mesh.vertices @ found.rotation, axis=0)
    assert laid[2] <= PRINTER[2]


def test_a_part_resting_on_a_slanted_face_fits_flat(tmp_path):
    slab = trimesh.creation.box((245, 205, 4))  # tilted: fits neither as is nor on a side
    slab.apply_transform(trimesh.transformations.rotation_matrix(1.1, [1, 1, 1]))
    found = analyse_file(path=write_stl(tmp_path / "slab.stl", slab), build_volume_mm=PRINTER)
    assert (found.fits, found.orientation) == (True, "flat")
    assert found.geometry["height_mm"] == pytest.approx(4)


def test_a_part_too_big_for_the_printer(tmp_path):
    huge = trimesh.creation.box((400, 300, 300))
    found = analyse_file(path=write_stl(tmp_path / "huge.stl", huge), build_volume_mm=PRINTER)
    assert found.fits is False
    assert any("too big for the printer" in warning for warning in found.warnings)


def test_very_thin_and_tiny_parts_are_warned(tmp_path):
    sheet = trimesh.creation.box((40, 40, 0.5))
    found = analyse_file(path=write_stl(tmp_path / "sheet.stl", sheet))
    assert any("very thin" in warning for warning in found.warnings)
    speck = trimesh.creation.box((0.5, 0.5, 0.5))
    found = analyse_file(path=write_stl(tmp_path / "speck.stl", speck))
    assert any("tiny" in warning for warning in found.warnings)


# --- Bad input ------------------------------------------------------------------------------


def test_a_file_over_the_size_limit(tmp_path):
    path = write_stl(tmp_path / "c.stl", cube())
    assert refused(path, max_bytes=100).code == "too_large"


def test_too_many_triangles_is_refused_from_the_header(tmp_path):
    path = write_stl(tmp_path / "c.stl", cube())
    assert refused(path, max_triangles=10).code == "too_many_triangles"


def test_a_header_announcing_more_triangles_than_the_file_holds(tmp_path):
    path = tmp_path / "lying.stl"
    path.write_bytes(binary_stl_bytes(cube().triangles, count=4_000_000_000))
    started = time.perf_counter()
    assert refused(path).code == "truncated"
    assert time.perf_counter() - started < 2


def test_a_truncated_binary_stl(tmp_path):
    path = tmp_path / "cut.stl"
    path.write_bytes(binary_stl_bytes(cube().triangles)[:-30])
    assert refused(path).code == "truncated"


def test_a_header_announcing_fewer_triangles_than_the_file_holds(tmp_path):
    path = tmp_path / "more.stl"
    path.write_bytes(binary_stl_bytes(cube().triangles, count=5))
    assert refused(path).code == "bad_header"


def test_a_binary_stl_whose_header_starts_with_solid(tmp_path):
    path = tmp_path / "solid.stl"
    path.write_bytes(binary_stl_bytes(cube().triangles, header=b"solid exported by a CAD"))
    assert analyse_file(path=path).volume_mm3 == pytest.approx(8000)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_coordinates(tmp_path, bad):
    triangles = cube().triangles.copy()
    triangles[3, 1, 2] = bad
    path = tmp_path / "nan.stl"
    path.write_bytes(binary_stl_bytes(triangles))
    assert refused(path).code == "non_finite"
    ascii_path = tmp_path / "nan_ascii.stl"
    text = write_stl(tmp_path / "a.stl", cube(), ascii=True).read_text()
    ascii_path.write_text(text.replace("vertex", f"vertex {bad} 0 0 %", 1).replace("%", "#"))
    assert refused(ascii_path).code in ("non_finite", "unreadable")


def test_non_finite_coordinates_in_obj(tmp_path):
    path = write_obj(tmp_path / "c.obj", cube())
    path.write_text(path.read_text().replace("v ", "v nan ", 1).replace("nan -", "nan ", 1))
    assert refused(path).code in ("non_finite", "unreadable")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_mesh"),
        (b" " * 80 + b"\x00\x00\x00\x00", "empty_mesh"),  # a binary STL of no triangles
        (b"solid empty\nendsolid empty\n", "empty_mesh"),
    ],
)
def test_empty_files(tmp_path, content, code):
    path = tmp_path / "empty.stl"
    path.write_bytes(content)
    assert refused(path).code == code


def test_a_flat_mesh(tmp_path):
    triangles = np.array(
        [[[0, 0, 5], [10, 0, 5], [10, 10, 5]], [[0, 0, 5], [10, 10, 5], [0, 10, 5]]]
    )
    path = tmp_path / "flat.stl"
    path.write_bytes(binary_stl_bytes(triangles))
    assert refused(path).code == "flat_mesh"


def _zip_bytes(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (_zip_bytes(readme="hello"), "ZIP"),
        (b"Dear lab,\nplease print my part.\nThanks!\n", "text"),
        (b"%PDF-1.7\n" + b"\x00" * 300, "PDF"),
    ],
)
def test_something_else_renamed_stl(tmp_path, content, what):
    path = tmp_path / "part.stl"
    path.write_bytes(content)
    error = refused(path)
    assert error.code == "not_a_mesh"
    assert what in error.detail


def test_text_renamed_obj_and_junk_obj(tmp_path):
    path = tmp_path / "part.obj"
    path.write_text("nothing to see here\n")
    assert refused(path).code == "not_a_mesh"
    path.write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n")
    assert refused(path).code == "bad_indices"
    path.write_text("v 0 zero 0\nf 1 2 3\n")
    assert refused(path).code == "unreadable"


def test_a_3mf_that_is_not_a_zip(tmp_path):
    path = tmp_path / "part.3mf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert refused(path).code == "not_a_mesh"


def test_a_3mf_without_a_model(tmp_path):
    path = tmp_path / "empty.3mf"
    path.write_bytes(_zip_bytes(**{"Metadata/thumbnail.png": b"\x89PNG"}))
    assert refused(path).code == "no_model"


def test_a_3mf_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.3mf"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("3D/3dmodel.model", b"\x00" * (50 * 2**20))  # deflates ~1000 times
    started = time.perf_counter()
    assert refused(path).code == "zip_bomb"
    assert time.perf_counter() - started < 2


def test_a_3mf_whose_total_uncompressed_size_is_too_large(tmp_path):
    path = write_3mf(tmp_path / "c.3mf", [cube()])
    with pytest.raises(MeshError) as error:
        read_3mf(path, max_triangles=100, max_unzipped_bytes=1000)
    assert error.value.code == "zip_bomb"


def test_a_billion_laughs_3mf_is_refused(tmp_path):
    laughs = (
        '<!DOCTYPE model [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        ).replace("&lol0;", "&lol;")
        + "]>"
    )
    xml = model_xml([cube()], header=laughs).replace(
        '<object id="1"', '<object id="1" name="&lol9;"'
    )
    path = write_3mf(tmp_path / "laughs.3mf", xml=xml)
    assert refused(path).code == "bad_xml"


def test_a_3mf_with_triangles_pointing_nowhere(tmp_path):
    xml = model_xml([cube()]).replace('v1="0"', 'v1="999"', 1)
    assert refused(write_3mf(tmp_path / "bad.3mf", xml=xml)).code == "bad_indices"


def test_a_3mf_with_too_many_triangles_stops_while_reading(tmp_path):
    path = write_3mf(tmp_path / "c.3mf", [cube()])
    assert refused(path, max_triangles=5).code == "too_many_triangles"


def test_load_mesh_gives_a_trimesh_for_previews(tmp_path):
    mesh = load_mesh(path=write_stl(tmp_path / "c.stl", cube()))
    assert isinstance(mesh, trimesh.Trimesh)
    assert len(mesh.vertices) == 8
