"""The API's shapes for instant quotes (POST /quotes)."""

from typing import Literal

from ninja import Schema
from pydantic import Field


class QuoteIn(Schema):
    """The options of `fabdesk quote`, as multipart form fields beside `file`."""

    material: str | None = Field(None, description="Material code; default: the first FDM one.")
    layer_height: float | None = Field(None, ge=0.04, le=1.0, description="Layer height (mm).")
    infill: float | None = Field(None, ge=0, le=100, description="Infill (%).")
    perimeters: int | None = Field(None, ge=0, le=20)
    top_layers: int | None = Field(None, ge=0, le=50)
    bottom_layers: int | None = Field(None, ge=0, le=50)
    nozzle: float | None = Field(None, ge=0.1, le=2.0, description="Nozzle diameter (mm).")
    printer: int | None = Field(None, description="The printer's id: checks its build volume.")
    method: Literal["estimate", "slicer", "auto"] = Field(
        "estimate",
        description="estimate (instant), slicer (PrusaSlicer, while you wait: up to the "
        "server's slicer timeout) or auto (the slicer when installed).",
    )


class QuoteOut(Schema):
    format: str = Field(..., description="stl, obj or 3mf.")
    triangles: int
    bodies: int = Field(..., description="Separate parts in the file.")
    watertight: bool = Field(..., description="Closed surface (a solid that can be printed).")
    volume_mm3: float | None = Field(..., description="Null when the model is not closed.")
    area_mm2: float
    bbox_mm: list[float] = Field(..., description="[x, y, z] in mm.")
    fits: bool | None = Field(..., description="Fits the printer (also once laid flat); "
                              "null without a printer.")  # fmt: skip
    filament_mm3: float
    filament_g: float
    print_time_s: int
    price: str | None = Field(..., description="Decimal amount in the lab's currency; null "
                              "when the lab has no print prices.")  # fmt: skip
    method: Literal["estimate", "slicer"]
    warnings: list[str]
