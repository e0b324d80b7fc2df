"""The events' model constraints speak to people: a refusal through the services names the
problem in words, not a constraint's name."""

import datetime as dt

import pytest

from fabdesk.core.errors import Invalid
from fabdesk.events.services import validated

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_an_event_ending_before_it_starts_is_refused_in_words(lab):
    event = EventFactory(lab=lab)
    event.ends_at = event.starts_at - dt.timedelta(hours=1)
    with pytest.raises(Invalid) as refused:
        validated(event)
    assert refused.value.message == "The event must end after it starts."


def test_ages_the_wrong_way_round_are_refused_in_words(lab):
    event = EventFactory(lab=lab)
    event.min_age, event.max_age = 12, 8
    with pytest.raises(Invalid) as refused:
        validated(event)
    assert refused.value.message == "The minimum age cannot be above the maximum age."
