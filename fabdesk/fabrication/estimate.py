"""The instant estimate: filament and print time from the part's geometry and a print
profile, modelled on what a slicer does layer by layer, and calibrated against PrusaSlicer
(benchmarks/quote_accuracy.py; figures in benchmarks/README.md).

The part comes cut at 40 heights (Analysis.geometry["sections"]: area and outline length).
In each band of layers:
- walls: `perimeters` loops along the outline, each as wide as the extrusion's spacing (its
  width less what the rounded sides of a layer leave, w - h(1 - pi/4): the slicer's flow
  model), never more than the section itself;
- the rest inside is infill at the profile's percentage, or solid when it is smaller than
  the slicer's 70 mm2 (solid_infill_below_area: thin parts print solid);
- top and bottom skins: the area facing up (down) times top (bottom) layers times layer
  height, less the ring the perimeters already fill;
- plus the first layer's skirt.
Time: each feature's extruded length at its speed (top skins at the perimeter speed, as
slicer.py configures), the first layer at its own speed, plus per layer a layer change and
travels (the travel speed barely shows in the slicer's times: the per-layer factor holds
them), and the cooling's minimum layer time on small layers. Each term has a factor fitted
by least squares against the slicer (Calibration).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH_FACTOR = 1.125  # extrusion width / nozzle (what slicer.py writes for every feature)
SKIRT_DISTANCE_MM = 6.0  # written to the slicer's config as well
MIN_LAYER_TIME_S = 5.0  # the cooling's "slow down if layer print time is below"


SOLID_BELOW_MM2 = 70.0  # PrusaSlicer's solid_infill_below_area


@dataclass(frozen=True)
class Calibration:
    """Factors on each term, fitted against PrusaSlicer 2.5 (benchmarks/quote_accuracy.py
    --fit): filament volumes, then seconds (travel and layer_s are seconds per layer)."""

    walls: float = 1.0
    skins: float = 1.06
    infill: float = 1.07
    solid: float = 1.02
    skirt: float = 1.0
    perimeter_s: float = 1.02
    infill_s: float = 1.24
    first_layer_s: float = 1.1
    layer_s: float = 1.03
    cooling_s: float = 1.0


CALIBRATION = Calibration()


@dataclass(frozen=True)
class PrintParameters:
    """A print profile's figures, as floats (from a PrintProfile or the CLI's options)."""

    layer_height: float = 0.2
    first_layer_height: float = 0.2
    nozzle: float = 0.4
    infill_percent: float = 15
    perimeters: int = 2
    top_layers: int = 5
    bottom_layers: int = 4
    perimeter_speed: float = 45
    infill_speed: float = 80
    travel_speed: float = 150
    first_layer_speed: float = 20

    @classmethod
    def from_profile(cls, profile) -> "PrintParameters":
        return cls(
            layer_height=float(profile.layer_height_mm),
            first_layer_height=float(profile.first_layer_height_mm),
            nozzle=float(profile.nozzle_mm),
            infill_percent=float(profile.infill_percent),
            perimeters=int(profile.perimeters),
            top_layers=int(profile.top_layers),
            bottom_layers=int(profile.bottom_layers),
            perimeter_speed=float(profile.perimeter_speed_mm_s),
            infill_speed=float(profile.infill_speed_mm_s),
            travel_speed=float(profile.travel_speed_mm_s),
            first_layer_speed=float(profile.first_layer_speed_mm_s),
        )

    @property
    def width(self) -> float:
        return WIDTH_FACTOR * self.nozzle

    def spacing(self, height: float) -> float:
        """Cross-section / height of an extrusion `height` thick: the distance between the
        centres of two neighbouring lines."""
        return self.width - height * (1 - math.pi / 4)


@dataclass(frozen=True)
class Estimate:
    filament_mm3: float
    filament_g: float
    print_time_s: int
    method: str = "estimate"

    def as_dict(self) -> dict:
        return {
            "filament_mm3": round(self.filament_mm3, 1),
            "filament_g": round(self.filament_g, 2),
            "print_time_s": self.print_time_s,
            "method": self.method,
        }


def grams(volume_mm3: float, density_g_cm3: Decimal | float) -> float:
    return volume_mm3 / 1000 * float(density_g_cm3)


def _bands(geometry: dict, height: float) -> list[tuple[float, float, float]]:
    """(band height, area, outline) of each section; a single band from the side area when
    the analysis has no sections."""
    found = geometry.get("sections") or []
    if found:
        band = height / len(found)
        return [(band, float(area), float(outline)) for _z, area, outline in found]
    volume, side = float(geometry["solid_mm3"]), float(geometry["side_mm2"])
    return [(height, volume / height, side / height)]


def terms(*, geometry: dict, params: PrintParameters) -> dict[str, dict[str, float]]:
    """The estimate's uncalibrated terms: volumes (mm3) and times (s, or layers)."""
    p = params
    h, h1 = p.layer_height, p.first_layer_height
    height = max(float(geometry["height_mm"]), h1)
    volume = max(float(geometry["solid_mm3"]), 0.0)
    up, down = float(geometry["up_mm2"]), float(geometry["down_mm2"])
    spacing = p.spacing(h)
    layers = 1 + max(math.ceil((height - h1) / h - 1e-9), 0)

    walls = sparse = solid = 0.0
    cooling = 0.0
    for band, area, outline in _bands(geometry, height):
        ring = min(outline * p.perimeters * spacing, area)
        inside = area - ring
        walls += ring * band
        if inside < SOLID_BELOW_MM2:
            solid += inside * band
        else:
            sparse += inside * band
        # Cooling: a layer printed faster than the minimum layer time waits for it.
        layer_s = (ring / spacing) / p.perimeter_speed + (
            inside * (1 if inside < SOLID_BELOW_MM2 else p.infill_percent / 100) / spacing
        ) / p.infill_speed
        cooling += max(MIN_LAYER_TIME_S - layer_s, 0) * band / h
    outline_mean = float(geometry["side_mm2"]) / height
    ring = outline_mean * p.perimeters * spacing
    top = max(up - ring, 0) * p.top_layers * h
    bottom = max(down - ring, 0) * p.bottom_layers * h
    skins = min(top + bottom, sparse)
    sparse -= skins
    infill = sparse * p.infill_percent / 100
    skirt = (4 * math.sqrt(max(down, 0)) + 2 * math.pi * SKIRT_DISTANCE_MM) * p.spacing(h1) * h1
    scale = volume / max(walls + solid + sparse + skins, 1e-9) if volume else 1.0

    def length(mm3: float, layer: float = h) -> float:
        return mm3 / (layer * p.spacing(layer))

    first = min(h1 / height, 1.0)  # the first layer's share of the walls and bottom
    return {
        "volume": {
            "walls": walls * scale,
            "skins": skins * scale,
            "infill": infill * scale,
            "solid": solid * scale,
            "skirt": skirt,
        },
        "time": {
            "perimeter_s": (length(walls * (1 - first)) + length(top)) / p.perimeter_speed,
            "infill_s": (length(infill + solid + bottom * (1 - 1 / max(p.bottom_layers, 1))))
            / p.infill_speed,
            "first_layer_s": (length(walls * first + bottom / max(p.bottom_layers, 1) + skirt, h1))
            / p.first_layer_speed,
            "layer_s": float(layers),
            "cooling_s": cooling,
        },
    }


def estimate_print(
    *,
    geometry: dict,
    params: PrintParameters,
    density_g_cm3: Decimal | float,
    calibration: Calibration = CALIBRATION,
) -> Estimate:
    """Filament and time for one piece. `geometry` is Analysis.geometry."""
    found = terms(geometry=geometry, params=params)
    volume = sum(getattr(calibration, key) * value for key, value in found["volume"].items())
    time = sum(getattr(calibration, key) * value for key, value in found["time"].items())
    return Estimate(
        filament_mm3=volume,
        filament_g=grams(volume, density_g_cm3),
        print_time_s=round(time),
    )
