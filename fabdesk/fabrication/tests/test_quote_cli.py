"""`fabdesk quote FILE`: the JSON the issue promises, the readable summary, the options, and
exit 2 with {"error": {...}} on a bad file."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fabdesk.core.models import Lab
from fabdesk.fabrication.models import PrintProfile, PrintSettings

from .job_factories import make_material, make_printer
from .meshes import cube, write_stl

KEYS = [
    "format", "triangles", "bodies", "watertight", "volume_mm3", "area_mm2", "bbox_mm", "fits",
    "filament_mm3", "filament_g", "print_time_s", "price", "method", "warnings",
]  # fmt: skip


def quote(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("quote", *[str(a) for a in args], stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def part(tmp_path):
    return write_stl(tmp_path / "cube.stl", cube())


def test_json_has_exactly_the_promised_keys(lab, part):
    make_material(lab)
    PrintSettings.objects.create(lab=lab, minimum_price=Decimal("0"))
    code, out = quote(part, "--json", "--method", "estimate")
    answer = json.loads(out)
    assert code == 0
    assert list(answer) == KEYS
    assert answer["format"] == "stl"
    assert (answer["triangles"], answer["bodies"], answer["watertight"]) == (12, 1, True)
    assert answer["volume_mm3"] == 8000.0
    assert answer["bbox_mm"] == [20.0, 20.0, 20.0]
    assert answer["fits"] is None
    assert answer["method"] == "estimate"
    assert Decimal(answer["price"]) > 0


def test_options_change_the_figures(lab, part):
    _code, out = quote(part, "--json", "--method", "estimate", "--infill", 10)
    sparse = json.loads(out)
    _code, out = quote(part, "--json", "--method", "estimate", "--infill", 60, "--perimeters", 4)
    dense = json.loads(out)
    assert dense["filament_mm3"] > sparse["filament_mm3"]
    _code, out = quote(part, "--json", "--method", "estimate", "--layer-height", 0.3)
    assert json.loads(out)["print_time_s"] < sparse["print_time_s"] * 1.5


def test_the_printer_s_volume_and_profile_are_used(lab, part):
    printer = make_printer(lab)
    PrintProfile.objects.create(lab=lab, name="Fine", printer=printer, layer_height_mm="0.10")
    _code, fine = quote(part, "--json", "--method", "estimate", "--printer", printer.pk)
    _code, any_ = quote(part, "--json", "--method", "estimate")
    assert json.loads(fine)["fits"] is True
    assert json.loads(fine)["print_time_s"] > json.loads(any_)["print_time_s"]


def test_without_a_lab_material_pla_and_no_price(db, part):
    _code, out = quote(part, "--json", "--method", "estimate")
    answer = json.loads(out)
    assert answer["price"] is None
    assert answer["filament_g"] == pytest.approx(answer["filament_mm3"] / 1000 * 1.24, abs=0.01)


def test_a_bad_file_exits_2_with_its_code(db, tmp_path):
    path = tmp_path / "photo.stl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    code, out = quote(path)
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == "not_a_mesh"
    assert "PNG" in error["detail"]


def test_an_unknown_material_is_an_error(lab, part):
    make_material(lab)
    with pytest.raises(CommandError, match="No material"):
        quote(part, "--material", "NOPE")
    code, out = quote(part, "--material", "NOPE", "--json")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "unknown_material"


def test_several_labs_need_lab(lab, part):
    Lab.objects.create(slug="other", name="Other lab")
    with pytest.raises(CommandError, match="--lab"):
        quote(part)
    code, _out = quote(part, "--lab", "other", "--json", "--method", "estimate")
    assert code == 0


def test_the_summary_reads_like_a_sentence(lab, part):
    make_material(lab)
    PrintSettings.objects.create(lab=lab)
    _code, out = quote(part, "--method", "estimate")
    assert "cube.stl: STL, 12 triangles, 1 body, closed" in out
    assert "Price: " in out and "EUR" in out
    assert "Figures from: the estimate" in out
