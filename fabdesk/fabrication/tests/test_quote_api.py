"""POST /api/v1/quotes: the instant quote over HTTP, for members and (when the lab accepts
them) visitors; bad files refused with their code, answers checked against the committed
schema."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fabdesk.fabrication.models import GroupPrintRate, PrintSettings
from fabdesk.tokens.services import token_create
from fabdesk.tokens.tests.api_client import assert_matches_schema, fresh_rate_limits  # noqa: F401

from .job_factories import make_material, make_printer
from .meshes import binary_stl_bytes, cube, write_stl

URL = "/api/v1/quotes"
KEYS = [
    "format", "triangles", "bodies", "watertight", "volume_mm3", "area_mm2", "bbox_mm", "fits",
    "filament_mm3", "filament_g", "print_time_s", "price", "method", "warnings",
]  # fmt: skip


def post(client, content: bytes, name="part.stl", headers=None, **fields):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(URL, {"file": upload, **fields}, headers=headers or {})
    assert response["Content-Type"].startswith("application/json"), response.content
    assert_matches_schema(response, "post", URL)
    return response


def bearer(user) -> dict:
    _token, plaintext = token_create(user=user, name="tests")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def cube_bytes(tmp_path):
    return write_stl(tmp_path / "cube.stl", cube()).read_bytes()


@pytest.fixture
def priced(lab):
    make_material(lab)
    return PrintSettings.objects.create(
        lab=lab, hourly_rate=Decimal("4.00"), handling_fee=Decimal("1.00"),
        minimum_price=Decimal("0.50"),
    )  # fmt: skip


def test_a_member_gets_the_quote_at_their_group_s_rate(lab, member, priced, cube_bytes):
    anonymous = post(Client(), cube_bytes).json()
    GroupPrintRate.objects.create(
        settings=priced, group=member.member_group, hourly_rate=Decimal("1.00")
    )
    mine = post(Client(), cube_bytes, headers=bearer(member)).json()
    assert list(mine) == KEYS
    assert mine["format"] == "stl"
    assert mine["volume_mm3"] == 8000.0
    assert mine["bodies"] == 1
    assert mine["method"] == "estimate"
    assert mine["fits"] is None
    assert Decimal(mine["price"]) < Decimal(anonymous["price"])  # the group's rate is lower


def test_the_printer_and_options_change_the_answer(lab, priced, cube_bytes):
    printer = make_printer(lab)
    sparse = post(Client(), cube_bytes, printer=printer.pk, infill=10).json()
    dense = post(Client(), cube_bytes, printer=printer.pk, infill=60).json()
    assert sparse["fits"] is True
    assert dense["filament_g"] > sparse["filament_g"]


def test_without_print_settings_the_price_is_null(lab, cube_bytes):
    answer = post(Client(), cube_bytes).json()
    assert answer["price"] is None


def test_visitors_are_refused_when_the_lab_quotes_members_only(lab, member, priced, cube_bytes):
    priced.accepts_visitors = False
    priced.save()
    refused = post(Client(), cube_bytes)
    assert refused.status_code == 403
    assert refused.json()["code"] == "members_only"
    assert post(Client(), cube_bytes, headers=bearer(member)).status_code == 200


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "part.stl", "not_a_mesh"),
        (binary_stl_bytes(cube().triangles, count=1000), "part.stl", "truncated"),
        (b"solid x\nendsolid x\n", "part.stl", "empty_mesh"),
        (b"just some words", "part.obj", "not_a_mesh"),
        (b"data", "part.step", "unsupported_format"),
    ],
)
def test_bad_files_are_refused_with_their_code(lab, content, name, code):
    refused = post(Client(), content, name=name)
    assert refused.status_code == 422
    assert refused.json()["code"] == code


def test_a_file_over_the_lab_s_limit_is_413(lab, priced, cube_bytes):
    priced.max_upload_mb = 1
    priced.save()
    big = binary_stl_bytes(cube().triangles.repeat(2000, axis=0))  # 1.2 MB
    refused = post(Client(), big)
    assert refused.status_code == 413
    assert refused.json()["code"] == "too_large"


def test_an_unknown_material_is_refused(lab, priced, cube_bytes):
    refused = post(Client(), cube_bytes, material="UNOBTAINIUM")
    assert refused.status_code == 422
    assert refused.json()["code"] == "unknown_material"
