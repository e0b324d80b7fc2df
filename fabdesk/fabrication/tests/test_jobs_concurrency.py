"""Ten people submit print jobs at the same instant on PostgreSQL: ten jobs, ten distinct
references, none lost."""

import threading

import pytest
from django.db import connection

from fabdesk.fabrication.job_services import print_job_submit
from fabdesk.fabrication.models import PrintJob
from fabdesk.members.tests.factories import UserFactory

from .job_factories import make_file

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared between threads"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_submissions_get_ten_distinct_references(
    lab, default_group, material, profile
):
    members = [UserFactory(lab=lab, member_group=default_group) for _ in range(10)]
    files = {m.pk: make_file(lab, uploaded_by=m) for m in members}
    barrier = threading.Barrier(len(members))
    outcomes: list[str] = []

    def submit(member) -> None:
        barrier.wait()
        try:
            job = print_job_submit(
                lab=lab, requester=member, files=[files[member.pk]], material=material
            )
            outcomes.append(job.reference)
        except Exception as exc:  # the test reports what went wrong
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert len(set(outcomes)) == 10
    assert sorted(PrintJob.objects.values_list("reference", flat=True)) == sorted(outcomes)
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in outcomes)
    assert numbers == list(range(1, 11))  # the lab's lock serialises them: not even a gap
