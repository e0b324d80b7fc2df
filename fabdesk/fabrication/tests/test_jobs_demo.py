"""The demo's print jobs: every state of the queue, members and visitors, pictures made,
idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from fabdesk.core.demo import DemoRun
from fabdesk.core.models import Lab
from fabdesk.fabrication.job_demo import demo_print_jobs
from fabdesk.fabrication.job_selectors import job_queue
from fabdesk.fabrication.models import JobStatus, Material, PrintFile, PrintJob, PrintProfile
from fabdesk.members.demo import FAB_MANAGER, MEMBER
from fabdesk.members.models import User

from .job_factories import make_material, make_print_settings, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_slicer(monkeypatch):
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)


def _run() -> DemoRun:
    """The demo lab (with a print catalogue, made here if the catalogue's step is absent)."""
    call_command("demo", stdout=StringIO())
    lab = Lab.objects.get(slug="demo")
    if not Material.objects.filter(lab=lab).exists():
        make_material(lab)
        make_material(lab, code="PETG", name="PETG")
        make_print_settings(lab)
    if not PrintProfile.objects.filter(lab=lab).exists():
        make_profile(lab)
    people = {
        "fab_manager": User.objects.get(email=FAB_MANAGER["email"]),
        "member": User.objects.get(email=MEMBER["email"]),
    }
    return DemoRun(lab=lab, people=people)


def test_the_demo_has_jobs_in_every_state_and_runs_twice_without_adding_any():
    run = _run()
    demo_print_jobs(run)
    jobs = PrintJob.objects.filter(lab=run.lab)
    assert set(jobs.values_list("status", flat=True)) == set(JobStatus.values)
    assert jobs.filter(requester__isnull=True, email_confirmed_at__isnull=True).exists()
    assert jobs.filter(failed_attempts__gt=0, status=JobStatus.PRINTING).exists()
    assert jobs.filter(status=JobStatus.DONE, actual_grams__gt=0).exists()
    files = PrintFile.objects.filter(job__lab=run.lab)
    assert files.count() >= jobs.count()
    assert all(f.thumbnail and f.analysis.get("triangles") for f in files)
    assert {f.file_format for f in files} == {"stl", "obj"}
    references = list(jobs.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    oldest = jobs.order_by("created_at").first()
    assert oldest.status == JobStatus.PICKED_UP  # spread over past weeks
    assert job_queue(lab=run.lab).count() == jobs.count() - 1  # one visitor unconfirmed
    counts = (jobs.count(), files.count())
    demo_print_jobs(run)
    call_command("demo", stdout=StringIO())
    assert (jobs.count(), files.count()) == counts
