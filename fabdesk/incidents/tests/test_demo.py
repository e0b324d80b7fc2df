"""The demo's incidents: every state of the workflow, one blocking an out-of-order machine,
comments, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from fabdesk.core.models import Lab
from fabdesk.equipment.models import MachineStatus
from fabdesk.incidents.models import Incident, IncidentComment, IncidentEvent, IncidentStatus

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo", stdout=StringIO())
    return Lab.objects.get(slug="demo")


def test_the_demo_has_tickets_in_every_state_and_runs_twice_without_adding_any():
    lab = _demo()
    incidents = Incident.objects.filter(lab=lab)
    assert set(incidents.values_list("status", flat=True)) == set(IncidentStatus.values)
    blocking = incidents.get(unusable=True)
    assert blocking.is_open and blocking.machine.status == MachineStatus.OUT_OF_ORDER
    assert IncidentComment.objects.filter(incident=blocking, internal=True).exists()
    assert blocking.parts.exists() and blocking.work.exists()
    oldest = incidents.order_by("reported_at").first()
    assert oldest.status == IncidentStatus.CLOSED  # reports are spread over past weeks
    counts = (incidents.count(), IncidentEvent.objects.count(), IncidentComment.objects.count())
    _demo()
    assert (
        incidents.count(),
        IncidentEvent.objects.count(),
        IncidentComment.objects.count(),
    ) == counts
