"""Two staff create the same member at the same moment (or an import and the API do): exactly
one record is written, the other request gets the clear 'already exists' conflict."""

import threading

import pytest
from django.db import connection

from fabdesk.core.errors import Conflict
from fabdesk.members.models import User
from fabdesk.members.services import member_create


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared between threads"
)
def test_simultaneous_creations_of_one_email_write_one_member(lab, default_group, staff):
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def create(n: int) -> None:
        barrier.wait()
        try:
            member_create(actor=staff, lab=lab, email=f"Same.Person@Example.test{' ' * n}")
            outcomes.append("created")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "email_taken", "email_taken", "email_taken"]
    assert User.objects.filter(email="same.person@example.test").count() == 1
