"""Uploaded files are read in a child process with memory, CPU and time limits: an overrun is
a refusal with its code (analysis_too_heavy, analysis_timeout) on every path (page, API,
CLI), the web process carries on, and normal files get the same analysis as in-process."""

import json
import os
import signal
import time
from io import StringIO

import numpy as np
import pytest
import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fabdesk.fabrication.analysis import MeshError, analyse_file
from fabdesk.fabrication.mesh_jobs import analyse_limited
from fabdesk.fabrication.models import PrintFile
from fabdesk.fabrication.sandbox import Limits, run_limited

from .meshes import binary_stl_bytes, cube, write_stl

PRINTER = (250.0, 210.0, 220.0)


@pytest.fixture
def sphere_stl(tmp_path):
    """82,000 triangles (4 MB): read in tens of MB, far beyond a 1 MB allowance."""
    return write_stl(tmp_path / "sphere.stl", trimesh.creation.icosphere(subdivisions=6))


# Jobs for the child (module-level: the child imports them by name).
def _sleep(seconds):
    time.sleep(seconds)


def _spin():
    while True:
        pass


def _allocate(mb):
    return len(np.ones(mb * 2**20, dtype=np.uint8))


def _crash():
    os.kill(os.getpid(), signal.SIGSEGV)


def _bug():
    raise ValueError("a bug")


def test_the_sandboxed_analysis_is_the_in_process_one(tmp_path):
    bar = trimesh.creation.box((240, 20, 10))  # fits only turned on the bed
    bar.apply_translation((0, 0, 5))
    path = write_stl(tmp_path / "bar.stl", bar)
    here = analyse_file(path=path, build_volume_mm=PRINTER)
    there = analyse_limited(path=path, build_volume_mm=PRINTER)
    assert there.record() == here.record()
    assert np.allclose(there.rotation, here.rotation)
    assert there.mesh is None


def test_a_file_over_the_memory_allowance_is_refused_and_the_process_goes_on(settings, sphere_stl):
    settings.FABDESK_ANALYSIS_MEMORY_MB = 1
    with pytest.raises(MeshError) as refused:
        analyse_limited(path=sphere_stl)
    assert refused.value.code == "analysis_too_heavy"
    assert "1 MB" in refused.value.detail
    settings.FABDESK_ANALYSIS_MEMORY_MB = 256
    assert analyse_limited(path=sphere_stl).triangles == 81920


def test_the_limits_hold_a_job_to_its_memory_time_and_cpu():
    assert run_limited(_allocate, mb=50, limits=Limits(memory_mb=100)) == 50 * 2**20
    with pytest.raises(MeshError, match="analysis_too_heavy"):
        run_limited(_allocate, mb=200, limits=Limits(memory_mb=100))
    started = time.monotonic()
    with pytest.raises(MeshError) as slow:
        run_limited(_sleep, seconds=30, limits=Limits(timeout_s=0.5))
    assert slow.value.code == "analysis_timeout" and "0.5 seconds" in slow.value.detail
    with pytest.raises(MeshError, match="analysis_timeout"):  # the CPU limit, on its own
        run_limited(_spin, limits=Limits(timeout_s=30, cpu_s=1))
    assert time.monotonic() - started < 10


def test_a_crash_or_a_bug_in_the_child_is_a_refusal_not_an_error(caplog):
    with pytest.raises(MeshError, match="analysis_too_heavy"):
        run_limited(_crash)
    with pytest.raises(MeshError, match="analysis_failed"):
        run_limited(_bug)
    assert "ValueError: a bug" in caplog.text


def test_refusals_come_back_with_their_code_in_the_member_s_language(tmp_path):
    path = tmp_path / "cut.stl"
    path.write_bytes(binary_stl_bytes(cube().triangles, count=1000))
    with translation.override("fr"):
        with pytest.raises(MeshError) as here:
            analyse_file(path=path)
        with pytest.raises(MeshError) as there:
            analyse_limited(path=path)
    assert (there.value.code, there.value.detail) == ("truncated", here.value.detail)
    assert there.value.detail.startswith("Le fichier")


@pytest.mark.django_db
@pytest.mark.usefixtures("print_settings", "profile")
def test_the_page_api_and_cli_refuse_a_heavy_or_slow_file(
    settings, monkeypatch, client, material, sphere_stl
):
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)
    content = sphere_stl.read_bytes()
    settings.FABDESK_ANALYSIS_MEMORY_MB = 1
    upload = SimpleUploadedFile("sphere.stl", content)
    response = client.post(
        reverse("fabrication:quote"),
        {"material": material.pk, "printer": "", "files": [upload]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "sphere.stl: Reading this file needs more memory" in response.content.decode()
    assert not PrintFile.objects.exists()

    refused = Client().post("/api/v1/quotes", {"file": SimpleUploadedFile("s.stl", content)})
    assert refused.status_code == 422
    assert refused.json()["code"] == "analysis_too_heavy"

    settings.FABDESK_ANALYSIS_MEMORY_MB = 1024
    settings.FABDESK_ANALYSIS_TIMEOUT = 0.001
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("quote", str(sphere_stl), "--method", "estimate", stdout=out)
    assert exit_.value.code == 2
    assert json.loads(out.getvalue())["error"]["code"] == "analysis_timeout"
