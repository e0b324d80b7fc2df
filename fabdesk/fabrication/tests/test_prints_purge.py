"""`fabdesk prints-purge`: files uploaded for a quote and never submitted go after N days,
with their thumbnail and 3D view; recent drafts and submitted files stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.models import PrintFile
from fabdesk.fabrication.preview import preview_name

from .job_factories import make_file

pytestmark = pytest.mark.django_db


def uploaded(lab, days_ago: int, **kwargs) -> PrintFile:
    print_file = make_file(lab, **kwargs)
    print_file.thumbnail.save("part.png", ContentFile(b"png"), save=False)
    default_storage.save(preview_name(print_file), ContentFile(b"FDM1"))
    PrintFile.objects.filter(pk=print_file.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago), thumbnail=print_file.thumbnail.name
    )
    print_file.refresh_from_db()
    return print_file


def purge(*args) -> str:
    out = StringIO()
    call_command("prints-purge", *args, stdout=out)
    return out.getvalue()


def stored(print_file) -> list[bool]:
    names = [print_file.file.name, print_file.thumbnail.name, preview_name(print_file)]
    return [default_storage.exists(name) for name in names]


@pytest.mark.usefixtures("profile")
def test_abandoned_uploads_go_with_their_pictures(
    lab, member, material, django_capture_on_commit_callbacks
):
    abandoned = uploaded(lab, 8)
    recent = uploaded(lab, 2, uploaded_by=member)
    submitted = uploaded(lab, 30, uploaded_by=member)
    js.print_job_submit(lab=lab, requester=member, files=[submitted], material=material)
    assert stored(abandoned) == [True, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        assert purge() == "1 file uploaded but never submitted deleted.\n"
    assert set(PrintFile.objects.values_list("pk", flat=True)) == {recent.pk, submitted.pk}
    assert stored(abandoned) == [False, False, False]
    assert stored(recent) == [True, True, True] and stored(submitted) == [True, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        assert purge("--days", "1") == "1 file uploaded but never submitted deleted.\n"
    assert list(PrintFile.objects.values_list("pk", flat=True)) == [submitted.pk]
    assert purge() == "0 files uploaded but never submitted deleted.\n"


def test_days_must_be_positive(db):
    with pytest.raises(CommandError):
        purge("--days", "0")
