"""API schemas for the workshop: machines and spaces as the public, members and staff read
them, and what staff send to change a machine's status or correct its hours of use.

URLs (photo, documents, pages) are absolute, built from the request in the schema's
context; Markdown comes both raw and as sanitised HTML."""

import datetime
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import model_serializer

from fabdesk.core.markdown import markdown_to_html

from .permissions import can_manage_equipment

MachineStatusName = Literal["in_service", "out_of_order", "maintenance", "retired"]
CategoryKind = Literal[
    "fdm_printer", "resin_printer", "laser_cutter", "cnc_router", "vinyl_cutter",
    "embroidery", "electronics", "hand_tools", "other",
]  # fmt: skip
DocumentKind = Literal["manual", "safety", "other"]
STAFF_ONLY = ("staff_notes", "usage_hours")


def absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def for_staff(context) -> bool:
    return can_manage_equipment(context["request"].auth)


def file_url(context, field) -> str | None:
    return absolute(context, field.url) if field else None


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    kind: CategoryKind


class SpaceRef(Schema):
    id: int
    slug: str
    name: str


class SpecsOut(Schema):
    """The working area (build volume of a 3D printer, bed of a laser cutter or CNC router)
    in millimetres, and the materials the machine accepts."""

    size_x_mm: int | None
    size_y_mm: int | None
    size_z_mm: int | None
    materials: list[str]

    @staticmethod
    def resolve_materials(obj) -> list[str]:
        return obj.materials_list


class MachineSummaryOut(Schema):
    """A machine as the catalogue lists it."""

    id: int
    slug: str
    name: str
    category: CategoryOut
    brand: str
    model: str = Field(..., alias="model_name")
    space: SpaceRef | None
    status: MachineStatusName
    status_label: str = Field(..., description="The status in the caller's language.")
    status_reason: str
    status_since: datetime.datetime
    bookable: bool
    photo_url: str | None
    specs: SpecsOut
    page_url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_photo_url(obj, context) -> str | None:
        return file_url(context, obj.photo)

    @staticmethod
    def resolve_specs(obj) -> object:
        return obj

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return absolute(context, reverse("equipment:machine_detail", args=[obj.pk]))


class DocumentOut(Schema):
    title: str
    kind: DocumentKind
    url: str = Field(..., description="The PDF's address, or the link.")

    @staticmethod
    def resolve_url(obj, context) -> str:
        return file_url(context, obj.file) or obj.url


class Described(Schema):
    description: str = Field(..., description="Markdown, as written by staff.")
    description_html: str = Field(..., description="The description as sanitised HTML.")

    @staticmethod
    def resolve_description_html(obj) -> str:
        return str(markdown_to_html(obj.description))


class MachineOut(MachineSummaryOut, Described):
    """One machine. The lab's staff also get `staff_notes` and `usage_hours`; for anyone
    else these keys are absent."""

    documents: list[DocumentOut]
    staff_notes: str | None = Field(None, description="Staff only.")
    usage_hours: float | None = Field(None, description="Hours of use. Staff only.")

    @staticmethod
    def resolve_staff_notes(obj, context) -> str | None:
        return obj.staff_notes if for_staff(context) else None

    @staticmethod
    def resolve_usage_hours(obj, context) -> Decimal | None:
        return obj.usage_hours if for_staff(context) else None

    @model_serializer(mode="wrap")
    def _staff_fields_only_for_staff(self, handler):
        data = handler(self)
        for key in STAFF_ONLY:
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())


class MachinePage(Schema):
    count: int
    items: list[MachineSummaryOut]


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class MachineFilters(PageIn):
    category: str | None = Field(None, description="Category id or code (slug).")
    status: MachineStatusName | None = None
    space: str | None = Field(None, description="Space id or code (slug).")
    include_retired: bool = Field(
        False, description="Also list retired machines (always listed when status=retired)."
    )


class MachineStatusIn(Schema):
    status: MachineStatusName
    reason: str = Field(
        "",
        max_length=300,
        description="Why; required for out_of_order, maintenance and retired.",
    )


class MachineUsageIn(Schema):
    total_hours: Decimal = Field(
        ..., ge=0, max_digits=10, decimal_places=2, description="The counter read on the machine."
    )
    reason: str = Field(..., max_length=300, description="Why the counter is corrected.")


class SpaceOut(Described):
    id: int
    slug: str
    name: str
    capacity: int | None = Field(..., description="How many people the space holds.")
    bookable: bool
    photo_url: str | None
    machine_count: int = Field(..., description="Machines in the space, retired ones apart.")
    page_url: str

    @staticmethod
    def resolve_photo_url(obj, context) -> str | None:
        return file_url(context, obj.photo)

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return absolute(context, reverse("equipment:space_detail", args=[obj.pk]))


class MachineRef(Schema):
    id: int
    slug: str
    name: str
    status: MachineStatusName


class SpaceDetailOut(SpaceOut):
    machines: list[MachineRef] = Field(..., description="Its machines, retired ones apart.")

    @staticmethod
    def resolve_machines(obj) -> list:
        return list(obj.machines.exclude(status="retired").order_by("position", "name"))


class SpacePage(Schema):
    count: int
    items: list[SpaceOut]
