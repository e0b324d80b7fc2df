import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from fabdesk.core.money import money_format, money_round
from fabdesk.core.timeutils import at_wall_clock


def test_money_rounds_half_up_to_the_cent():
    assert money_round(Decimal("2.345")) == Decimal("2.35")
    assert money_round(Decimal("2.344")) == Decimal("2.34")
    assert money_round("10") == Decimal("10.00")


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        money_round(0.1)


def test_money_is_formatted_in_the_reader_locale():
    assert money_format(Decimal("1234.5"), "EUR", "fr") == "1\u202f234,50\xa0€"
    assert money_format(Decimal("1234.5"), "EUR", "en") == "€1,234.50"


def test_wall_clock_time_survives_daylight_saving():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    before = at_wall_clock(dt.date(2026, 3, 28), dt.time(10, 0), paris)
    after = at_wall_clock(dt.date(2026, 3, 29), dt.time(10, 0), paris)
    assert before.astimezone(dt.UTC).hour == 9  # CET, UTC+1
    assert after.astimezone(dt.UTC).hour == 8  # CEST, UTC+2
    assert after.astimezone(paris).hour == 10
