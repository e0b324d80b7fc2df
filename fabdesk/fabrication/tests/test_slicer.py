"""The real slicer: figures read from PrusaSlicer's G-code, its failures turned into clear
warnings, the estimate close to it, and the background task replacing the estimate. Skipped
without prusa-slicer, except under FABDESK_REQUIRE_SLICER=1 (CI)."""

from dataclasses import replace
from decimal import Decimal

import pytest
import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile

from fabdesk.fabrication.analysis import analyse_file
from fabdesk.fabrication.estimate import PrintParameters, estimate_print
from fabdesk.fabrication.models import PrintSettings, SliceStatus
from fabdesk.fabrication.quote_services import print_file_create, quote_file
from fabdesk.fabrication.slicer import (
    SlicerError,
    SlicerUnavailable,
    read_gcode_figures,
    slice_file,
)
from fabdesk.fabrication.tasks import slice_print_file

from .job_factories import make_material, make_printer, make_profile
from .meshes import cube, write_stl
from .slicer_required import slicer  # noqa: F401

BASE = PrintParameters(infill_percent=20)


class Printer:
    size_x_mm, size_y_mm, size_z_mm = 250, 210, 220


def test_figures_are_read_from_the_g_code(tmp_path):
    gcode = tmp_path / "x.gcode"
    gcode.write_text(
        "G1 X0\n; filament used [mm] = 1000.00\n; filament used [cm3] = 2.41\n"
        "; estimated printing time (normal mode) = 1h 2m 3s\n"
    )
    volume, grams, seconds = read_gcode_figures(gcode, filament_diameter_mm=1.75, density=1.24)
    assert volume == pytest.approx(2405.28, rel=1e-4)
    assert grams == pytest.approx(2.98, rel=1e-2)
    assert seconds == 3723


def test_without_the_slicer_it_says_so(tmp_path, settings):
    settings.FABDESK_SLICER_PATH = "no-such-slicer-here"
    with pytest.raises(SlicerUnavailable):
        slice_file(path=write_stl(tmp_path / "c.stl", cube()), profile=BASE)


SHAPES = [
    cube(20),
    trimesh.creation.cylinder(radius=12, height=25, sections=96),
    trimesh.creation.icosphere(subdivisions=4, radius=15),
]
CHANGES = [{}, {"layer_height": 0.3, "first_layer_height": 0.3}, {"infill_percent": 40}]


@pytest.mark.usefixtures("slicer")
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("changes", CHANGES)
def test_the_estimate_is_close_to_the_slicer(tmp_path, shape, changes):
    params = replace(BASE, **changes)
    path = write_stl(tmp_path / "part.stl", shape)
    real = slice_file(path=path, profile=params, printer=Printer)
    guess = estimate_print(
        geometry=analyse_file(path=path).geometry, params=params, density_g_cm3=1.24
    )
    assert guess.filament_mm3 == pytest.approx(real.filament_mm3, rel=0.15)
    assert guess.print_time_s == pytest.approx(real.print_time_s, rel=0.25)
    assert real.filament_g == pytest.approx(real.filament_mm3 / 1000 * 1.24)


@pytest.mark.usefixtures("slicer")
def test_a_part_too_big_for_the_printer_is_a_clear_slicer_error(tmp_path):
    huge = trimesh.creation.box((400, 300, 300))
    with pytest.raises(SlicerError) as error:
        slice_file(path=write_stl(tmp_path / "huge.stl", huge), profile=BASE, printer=Printer)
    assert "could not slice" in error.value.message


@pytest.mark.usefixtures("slicer")
def test_a_slicer_that_takes_too_long_is_stopped(tmp_path, settings):
    settings.FABDESK_SLICER_TIMEOUT = 0.001
    with pytest.raises(SlicerError) as error:
        slice_file(path=write_stl(tmp_path / "c.stl", cube()), profile=BASE)
    assert "took more than" in error.value.message


@pytest.mark.usefixtures("slicer")
def test_the_task_replaces_the_estimate(lab, member, tmp_path, django_capture_on_commit_callbacks):
    PrintSettings.objects.create(lab=lab, hourly_rate=Decimal("2.00"))
    printer = make_printer(lab)
    upload = SimpleUploadedFile("cube.stl", write_stl(tmp_path / "c.stl", cube()).read_bytes())
    print_file = print_file_create(lab=lab, uploaded_file=upload, uploaded_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        quote_file(
            print_file=print_file, material=make_material(lab), profile=make_profile(lab),
            printer=printer, member=member,
        )  # fmt: skip
    print_file.refresh_from_db()
    assert print_file.slice_status == SliceStatus.DONE
    assert print_file.quote["method"] == "slicer"
    assert print_file.quote["estimate"]["filament_mm3"] > 0
    assert Decimal(print_file.quote["price"]) > 0


def test_the_task_marks_the_file_unavailable_without_a_slicer(lab, member, tmp_path, settings):
    settings.FABDESK_SLICER_PATH = "no-such-slicer-here"
    upload = SimpleUploadedFile("cube.stl", write_stl(tmp_path / "c.stl", cube()).read_bytes())
    print_file = print_file_create(lab=lab, uploaded_file=upload)
    quote_file(print_file=print_file, material=make_material(lab), profile=make_profile(lab))
    assert print_file.slice_status == SliceStatus.UNAVAILABLE
    assert "estimate" in print_file.slice_message
    assert print_file.quote["method"] == "estimate"
    assert print_file.quote["price"] is None  # the lab has no print settings
    slice_print_file.call(print_file.pk)
    print_file.refresh_from_db()
    assert print_file.slice_status == SliceStatus.UNAVAILABLE


@pytest.mark.usefixtures("slicer")
def test_a_slicer_failure_leaves_the_estimate_with_a_warning(lab, tmp_path):
    huge = write_stl(tmp_path / "huge.stl", trimesh.creation.box((400, 300, 300)))
    printer = make_printer(lab)
    upload = SimpleUploadedFile("huge.stl", huge.read_bytes())
    print_file = print_file_create(lab=lab, uploaded_file=upload)
    quote_file(
        print_file=print_file, material=make_material(lab), profile=make_profile(lab),
        printer=printer,
    )  # fmt: skip
    slice_print_file.call(print_file.pk, printer.pk)
    print_file.refresh_from_db()
    assert print_file.slice_status == SliceStatus.FAILED
    assert "could not slice" in print_file.slice_message
    assert print_file.quote["method"] == "estimate"
