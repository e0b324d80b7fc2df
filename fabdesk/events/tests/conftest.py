from decimal import Decimal

import pytest

from .factories import EventFactory, TicketCategoryFactory


@pytest.fixture
def event(lab):
    return EventFactory(lab=lab)


@pytest.fixture
def ticket(event):
    return TicketCategoryFactory(event=event)


@pytest.fixture
def member_ticket(event):
    return TicketCategoryFactory(
        event=event, name="Adhérent", audience="member", price=Decimal("5.00"), max_seats=2
    )
