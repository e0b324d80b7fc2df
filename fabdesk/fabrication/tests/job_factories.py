"""What print-job tests are built from: a printer, a material with colours, a profile, and
uploaded files already analysed and quoted (their analysis and quote as the engine stores
them), so that job tests do not depend on the slicer."""

import io
from decimal import Decimal

import trimesh
from django.core.files.base import ContentFile

from fabdesk.equipment.models import MachineCategory
from fabdesk.equipment.tests.factories import MachineCategoryFactory, MachineFactory
from fabdesk.fabrication.models import (
    Material,
    MaterialColour,
    PrintFile,
    PrintProfile,
    PrintSettings,
)


def box_stl(extents=(20, 20, 10)) -> bytes:
    buffer = io.BytesIO()
    trimesh.creation.box(extents=extents).export(buffer, file_type="stl")
    return buffer.getvalue()


def make_printer(lab, name="Prusa MK4", **kwargs):
    category = MachineCategoryFactory(
        lab=lab, name="3D printers", kind=MachineCategory.Kind.FDM_PRINTER
    )
    return MachineFactory(
        lab=lab,
        name=name,
        category=category,
        brand="Prusa",
        model_name="MK4",
        size_x_mm=250,
        size_y_mm=210,
        size_z_mm=220,
        **kwargs,
    )


def make_material(lab, code="PLA", name="PLA"):
    material = Material.objects.create(
        lab=lab, code=code, name=name, density_g_cm3=Decimal("1.24"), price_per_kg=Decimal("25")
    )
    MaterialColour.objects.create(material=material, name="Black", hex_code="#111111")
    MaterialColour.objects.create(material=material, name="Orange", hex_code="#ff8800")
    MaterialColour.objects.create(
        material=material, name="Gold", hex_code="#d4af37", in_stock=False
    )
    return material


def make_profile(lab, printer=None):
    return PrintProfile.objects.create(
        lab=lab, name="0.20 mm standard", printer=printer, is_default=printer is None
    )


def make_print_settings(lab):
    """Machine time 10.00 an hour, 2.50 handling fee per job, at least 5.00."""
    return PrintSettings.objects.create(
        lab=lab,
        hourly_rate=Decimal("10.00"),
        handling_fee=Decimal("2.50"),
        minimum_price=Decimal("5.00"),
    )


def make_file(lab, *, uploaded_by=None, quantity=1, name="bracket.stl", figures=True):
    """A quoted file: one copy is 10 g of PLA (0.25 at 25/kg) and one hour (10.00), so a job
    of one copy costs 12.75 with the fee."""
    print_file = PrintFile(
        lab=lab,
        uploaded_by=uploaded_by,
        original_name=name,
        file_format="stl",
        quantity=quantity,
        analysis={
            "format": "stl",
            "triangles": 12,
            "bodies": 1,
            "watertight": True,
            "volume_mm3": 1000.0,
            "area_mm2": 600.0,
            "bbox_mm": [10.0, 10.0, 10.0],
            "fits": True,
            "warnings": [],
        },
        quote={
            "filament_mm3": 8064.52,
            "filament_g": 10.0,
            "print_time_s": 3600,
            "method": "estimate",
            "quantity": quantity,
        }
        if figures
        else {},
    )
    print_file.file.save(name, ContentFile(box_stl()), save=False)
    print_file.save()
    return print_file
