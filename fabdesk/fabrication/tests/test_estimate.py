"""The instant estimate and the price: the model's relationships (more infill, more
filament; thicker layers, less time...) and the pricing rules."""

from dataclasses import replace
from decimal import Decimal

import pytest
import trimesh

from fabdesk.fabrication.analysis import analyse_file
from fabdesk.fabrication.estimate import PrintParameters, estimate_print
from fabdesk.fabrication.models import GroupPrintRate, PrintSettings
from fabdesk.fabrication.pricing import hourly_rate_for, print_price

from .meshes import cube, write_stl

BASE = PrintParameters(infill_percent=20, perimeters=2)


@pytest.fixture
def geometry(tmp_path):
    return analyse_file(path=write_stl(tmp_path / "c.stl", cube(30))).geometry


def estimate(geometry, **changes):
    return estimate_print(geometry=geometry, params=replace(BASE, **changes), density_g_cm3=1.24)


def test_more_infill_means_more_filament_and_time(geometry):
    sparse, dense = estimate(geometry, infill_percent=10), estimate(geometry, infill_percent=60)
    assert dense.filament_mm3 > sparse.filament_mm3
    assert dense.print_time_s > sparse.print_time_s


def test_full_infill_is_about_the_part_s_volume(geometry):
    solid = estimate(geometry, infill_percent=100)
    assert solid.filament_mm3 == pytest.approx(27000, rel=0.12)


def test_thicker_layers_mean_less_time(geometry):
    fine, coarse = estimate(geometry, layer_height=0.1), estimate(geometry, layer_height=0.3)
    assert coarse.print_time_s < fine.print_time_s


def test_more_perimeters_mean_more_filament(geometry):
    assert estimate(geometry, perimeters=4).filament_mm3 > estimate(geometry).filament_mm3


def test_faster_speeds_mean_less_time(geometry):
    slow = estimate(geometry)
    fast = estimate(geometry, perimeter_speed=90, infill_speed=160, first_layer_speed=40)
    assert fast.print_time_s < slow.print_time_s


def test_grams_follow_the_density(geometry):
    found = estimate_print(geometry=geometry, params=BASE, density_g_cm3=Decimal("2.48"))
    assert found.filament_g == pytest.approx(found.filament_mm3 / 1000 * 2.48)


def test_a_larger_part_costs_more_filament(tmp_path, geometry):
    big = analyse_file(path=write_stl(tmp_path / "b.stl", cube(60))).geometry
    assert estimate(big).filament_mm3 > 4 * estimate(geometry).filament_mm3


def test_a_thin_part_prints_solid(tmp_path):
    # Inside its perimeters, a layer of this wall holds less than the slicer's 70 mm2.
    wall = analyse_file(path=write_stl(tmp_path / "w.stl", trimesh.creation.box((3, 30, 30))))
    found = estimate(wall.geometry, infill_percent=0)
    assert found.filament_mm3 == pytest.approx(wall.volume_mm3, rel=0.15)


# --- Pricing --------------------------------------------------------------------------------


def test_price_is_material_plus_machine_time_plus_fee(lab):
    settings = PrintSettings.objects.create(
        lab=lab, hourly_rate=Decimal("3.00"), handling_fee=Decimal("2.00"),
        minimum_price=Decimal("1.00"),
    )  # fmt: skip
    price = print_price(settings=settings, grams=40, seconds=7200, price_per_kg=Decimal("25"))
    assert (price.material, price.machine_time, price.handling_fee) == (
        Decimal("1.00"), Decimal("6.00"), Decimal("2.00"),
    )  # fmt: skip
    assert price.total == Decimal("9.00")
    twice = print_price(
        settings=settings, grams=40, seconds=7200, price_per_kg=Decimal("25"), quantity=2
    )
    assert twice.total == Decimal("16.00")  # the fee once


def test_the_minimum_price_applies(lab):
    settings = PrintSettings.objects.create(lab=lab, minimum_price=Decimal("5.00"))
    price = print_price(settings=settings, grams=1, seconds=60, price_per_kg=Decimal("20"))
    assert price.total == Decimal("5.00")


def test_the_member_s_group_rate_applies(lab, member):
    settings = PrintSettings.objects.create(lab=lab, hourly_rate=Decimal("4.00"))
    assert hourly_rate_for(settings, member) == Decimal("4.00")
    GroupPrintRate.objects.create(
        settings=settings, group=member.member_group, hourly_rate=Decimal("1.50")
    )
    assert hourly_rate_for(settings, member) == Decimal("1.50")
    assert hourly_rate_for(settings, None) == Decimal("4.00")


def test_no_settings_or_no_material_price_means_no_price(lab):
    assert print_price(settings=None, grams=1, seconds=1, price_per_kg=Decimal(1)) is None
    settings = PrintSettings.objects.create(lab=lab)
    assert print_price(settings=settings, grams=1, seconds=1, price_per_kg=None) is None
