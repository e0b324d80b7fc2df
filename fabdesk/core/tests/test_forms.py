"""Shared form pieces."""

import datetime as dt

from django.utils import translation

from fabdesk.core.forms import DatePicker


def test_the_date_picker_writes_iso_dates_in_french_too():
    # A French d/m/Y value in <input type="date"> shows as an empty field in the browser.
    with translation.override("fr"):
        html = DatePicker().render("day", dt.date(2026, 3, 9))
    assert 'type="date"' in html and 'value="2026-03-09"' in html
