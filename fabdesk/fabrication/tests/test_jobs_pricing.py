"""A job's price from its files' figures: each file's copies, one handling fee, the minimum,
the requester's group rate, the material's density."""

from decimal import Decimal

import pytest

from fabdesk.fabrication.job_pricing import job_quote
from fabdesk.fabrication.models import GroupPrintRate, PrintSettings

from .job_factories import make_file, make_material

pytestmark = pytest.mark.django_db


def test_one_fee_per_job_and_each_file_s_copies(lab, material, print_settings):
    files = [make_file(lab), make_file(lab, quantity=3)]
    quote = job_quote(lab=lab, files=files, material=material)
    assert [line.price for line in quote.lines] == [Decimal("10.25"), Decimal("30.75")]
    assert quote.handling_fee == Decimal("2.50")
    assert quote.total == Decimal("43.50") and not quote.minimum_applies
    assert quote.lines[0].grams == 10.0 and quote.lines[0].seconds == 3600


def test_the_minimum_price_applies(lab, material, print_settings):
    PrintSettings.objects.filter(lab=lab).update(minimum_price=Decimal("20"))
    quote = job_quote(lab=lab, files=[make_file(lab)], material=material)
    assert quote.total == Decimal("20.00") and quote.minimum_applies


def test_the_group_rate_and_the_material_s_density(lab, member, print_settings):
    GroupPrintRate.objects.create(
        settings=print_settings, group=member.member_group, hourly_rate=Decimal("4.00")
    )
    heavy = make_material(lab, code="PETG", name="PETG")
    heavy.density_g_cm3 = Decimal("2.48")  # twice PLA's: 20 g a copy
    quote = job_quote(lab=lab, files=[make_file(lab)], material=heavy, member=member)
    assert quote.lines[0].grams == 20.0
    assert quote.total == Decimal("0.50") + Decimal("4.00") + Decimal("2.50")


def test_no_total_without_print_settings_or_figures(lab, material, print_settings):
    assert (
        job_quote(lab=lab, files=[make_file(lab, figures=False)], material=material).total is None
    )
    PrintSettings.objects.filter(lab=lab).delete()
    quote = job_quote(lab=lab, files=[make_file(lab)], material=material)
    assert quote.total is None and quote.lines[0].grams == 10.0
