"""API schemas for print jobs: a job as its requester or the lab's staff see it, the list's
filters, and the staff's steps."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

JobStatusName = Literal[
    "submitted", "approved", "rejected", "printing", "done", "picked_up", "cancelled"
]
SliceStatusName = Literal["none", "pending", "running", "done", "failed", "unavailable"]


class JobRefOut(Schema):
    id: int
    name: str


class JobMaterialOut(Schema):
    id: int
    code: str
    name: str


class JobColourOut(Schema):
    id: int
    name: str
    hex_code: str


class JobFileOut(Schema):
    id: int
    name: str
    format: str
    quantity: int
    triangles: int | None
    bbox_mm: list[float] | None
    volume_mm3: float | None = Field(None, description="Null when the mesh is not closed.")
    watertight: bool | None
    fits: bool | None
    warnings: list[str]
    filament_g: float | None = Field(None, description="One copy, in the job's material.")
    print_time_s: int | None = Field(None, description="One copy.")
    method: Literal["estimate", "slicer"] | None
    slice_status: SliceStatusName
    slice_message: str
    thumbnail_url: str | None
    model_url: str = Field(..., description="The 3D view's binary (see docs/api.md).")


class PrintJobOut(Schema):
    """A print job. `requester`, `contact_name` and `contact_email` are given to staff; the
    requester sees their own job without them."""

    id: int
    reference: str = Field(..., description="P-<year>-<number>, unique in the lab.")
    status: JobStatusName
    created_at: datetime.datetime
    updated_at: datetime.datetime
    email_confirmed: bool
    material: JobMaterialOut
    colour: JobColourOut | None
    printer: JobRefOut | None
    notes: str
    staff_message: str
    reject_reason: str
    currency: str
    quoted_price: str | None = Field(None, description="Decimal, what the quote said.")
    approved_price: str | None = Field(None, description="Decimal, what the lab charges.")
    actual_grams: str | None
    actual_minutes: int | None
    failed_attempts: int
    files: list[JobFileOut]
    requester: JobRefOut | None = None
    contact_name: str | None = None
    contact_email: str | None = None


class PrintJobPage(Schema):
    count: int
    items: list[PrintJobOut]


class PrintJobFilters(Schema):
    status: JobStatusName | None = None
    printer: int | None = Field(None, description="Printer (machine) id; staff only.")
    material: int | None = Field(None, description="Material id; staff only.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class PrintJobIn(Schema):
    """The options of a new job; its files come in the same multipart request."""

    material: str = Field(..., description="The material's code (e.g. PLA) or id.")
    colour: int | None = Field(None, description="An in-stock colour of the material (id).")
    printer: int | None = Field(None, description="Printer id; empty: any printer.")
    quantity: list[int] = Field(
        default_factory=list,
        description="Copies of each file, in the order of the files (1 when left out).",
    )
    notes: str = Field("", max_length=2000)


class ApproveIn(Schema):
    price: Decimal | None = Field(None, description="Empty: the quoted price.")
    printer: int | None = None
    message: str = Field("", max_length=2000)


class RejectIn(Schema):
    reason: str = Field(..., max_length=500)


class AssignIn(Schema):
    printer: int


class PrintingIn(Schema):
    printer: int | None = Field(None, description="Empty: the printer already assigned.")


class FailedIn(Schema):
    note: str = Field("", max_length=2000)


class DoneIn(Schema):
    actual_grams: Decimal = Field(..., description="Material really used, in grams.")
    actual_minutes: int = Field(..., description="Print time, in minutes.")
    note: str = Field("", max_length=2000)
