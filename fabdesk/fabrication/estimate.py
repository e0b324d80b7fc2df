"""The instant estimate: filament and print time from the part's geometry and a print
profile, modelled on what a slicer does, layer by layer, and calibrated against PrusaSlicer
(benchmarks/quote_accuracy.py; figures in benchmarks/README.md).

- walls: the area the perimeters cover layer after layer (the side-facing area) * the number
  of perimeters * the extrusion's spacing (its width less what the rounded sides of a layer
  leave: w - h(1 - π/4), the slicer's own flow model);
- top and bottom skins: the area facing up (down) * top (bottom) layers * layer height, less
  the ring the perimeters already fill;
- infill: the infill percentage of what remains inside;
- the first layer's skirt;
- time: each feature's extruded length at its speed, slowed by accelerations, plus per layer
  a layer change, travels and the cooling's minimum layer time.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH_FACTOR = 1.125  # extrusion width / nozzle (what slicer.py writes for every feature)
SKIRT_DISTANCE_MM = 6.0  # written to the slicer's config as well
MIN_LAYER_TIME_S = 5.0  # the cooling's "slow down if layer print time is below"


@dataclass(frozen=True)
class Calibration:
    """Factors fitted against PrusaSlicer 2.x (benchmarks/quote_accuracy.py)."""

    infill: float = 1.0  # extruded infill volume / (interior * infill fraction)
    skin: float = 1.0  # extruded solid volume / (skin area * layers * height)
    walls: float = 1.0
    speed: float = 0.8  # mean speed reached / programmed speed (accelerations)
    layer_overhead_s: float = 1.5  # layer change, retractions, travels between islands
    travel_per_layer: float = 2.0  # travels per layer, in footprint diagonals


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


def estimate_print(
    *,
    geometry: dict,
    params: PrintParameters,
    density_g_cm3: Decimal | float,
    calibration: Calibration = CALIBRATION,
) -> Estimate:
    """Filament and time for one piece. `geometry` is Analysis.geometry: solid_mm3, up_mm2,
    down_mm2, side_mm2, height_mm."""
    p, c = params, calibration
    h, h1 = p.layer_height, p.first_layer_height
    height = max(float(geometry["height_mm"]), h1)
    volume = max(float(geometry["solid_mm3"]), 0.0)
    side, up, down = (float(geometry[key]) for key in ("side_mm2", "up_mm2", "down_mm2"))
    layers = 1 + max(math.ceil((height - h1) / h - 1e-9), 0)
    spacing = p.spacing(h)

    # Walls: every layer, `perimeters` loops along the outline (side area / height long).
    outline = side / height  # the mean outline's length
    ring = min(outline * p.perimeters * spacing, max(up, down))  # area the loops cover
    walls = min(side * p.perimeters * spacing * c.walls, volume)
    # Skins: solid layers under the top surfaces and over the bottom ones.
    skins = (max(up - ring, 0) * p.top_layers + max(down - ring, 0) * p.bottom_layers) * h
    skins = min(skins * c.skin, max(volume - walls, 0))
    inside = max(volume - walls - skins, 0)
    infill = inside * p.infill_percent / 100 * c.infill
    skirt = (outline_of_footprint(down) + 2 * math.pi * SKIRT_DISTANCE_MM) * p.spacing(h1) * h1
    total = walls + skins + infill + skirt

    # Time: each feature's length at its speed; the first layer at the first layer's speed.
    def seconds(volume_mm3: float, speed: float, layer: float = h) -> float:
        return volume_mm3 / (layer * p.spacing(layer)) / (speed * c.speed)

    first_share = min(h1 / height, 1.0)
    first_volume = (walls + skins + infill) * first_share
    extruding = (
        seconds(walls * (1 - first_share), p.perimeter_speed)
        + seconds((skins + infill) * (1 - first_share), p.infill_speed)
        + seconds(first_volume + skirt, p.first_layer_speed, h1)
    )
    diagonal = math.sqrt(2 * max(up, down, 1.0))
    travel = layers * c.travel_per_layer * diagonal / p.travel_speed
    per_layer = extruding / layers + c.layer_overhead_s
    slow = layers * max(MIN_LAYER_TIME_S - per_layer, 0)  # cooling waits on small layers
    time = extruding + travel + layers * c.layer_overhead_s + slow
    return Estimate(
        filament_mm3=total,
        filament_g=grams(total, density_g_cm3),
        print_time_s=round(time),
    )


def outline_of_footprint(area_mm2: float) -> float:
    """The outline of a footprint of this area, taken as a square's."""
    return 4 * math.sqrt(max(area_mm2, 0.0))
