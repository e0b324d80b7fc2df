"""The demo lab's print catalogue: PLA, PETG, TPU and resin with their colours (one out of
stock), a print profile for each of the workshop's FDM printers plus a default one for any
printer, and print prices with a reduced rate for the "tarif réduit" member group. Step
order 70: after the people (10) and the workshop's machines (20), before the demo print jobs
(fabrication.job_demo, 75). Idempotent: what exists is left alone."""

from decimal import Decimal

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus
from fabdesk.members.models import MemberGroup

from .catalogue_services import colour_save, material_save, print_settings_save, profile_save
from .models import Material, PrintProfile, PrintSettings, Technology

D = Decimal
MATERIALS = [  # code, name, technology, density, price per kg, description, colours
    ("PLA", "PLA", Technology.FDM, D("1.24"), D("25.00"),
     "Le plastique de tous les jours : facile, précis, biosourcé. Pas pour la chaleur.",
     [("Noir", "#1b1b1b", True), ("Blanc", "#f4f4f4", True), ("Orange", "#ff7a00", True),
      ("Bleu", "#1f5fbf", True), ("Gris", "#8a8a8a", True), ("Rouge", "#c62828", False)]),
    ("PETG", "PETG", Technology.FDM, D("1.27"), D("30.00"),
     "Plus solide et plus souple que le PLA, supporte mieux la chaleur et l'extérieur.",
     [("Noir", "#1b1b1b", True), ("Transparent", "#d9eef2", True), ("Vert", "#2e7d32", True)]),
    ("TPU", "TPU 95A (souple)", Technology.FDM, D("1.21"), D("45.00"),
     "Souple comme du caoutchouc : joints, coques, pieds antidérapants.",
     [("Noir", "#1b1b1b", True), ("Rouge", "#c62828", True)]),
    ("RESINE", "Résine standard", Technology.RESIN, D("1.10"), D("60.00"),
     "Pour l'imprimante résine : détails très fins, figurines, bijoux.",
     [("Gris", "#9e9e9e", True), ("Transparent", "#e8f4f8", True)]),
]  # fmt: skip
# Per printer slug: name, layer, perimeter / infill / travel / first layer speeds (mm/s).
PRINTER_PROFILES = {
    "prusa-mk4-1": ("Prusa MK4 n°1 — 0,20 mm", "0.20", 45, 80, 150, 20),
    "prusa-mk4-2": ("Prusa MK4 n°2 — 0,20 mm", "0.20", 45, 80, 150, 20),
    "bambu-x1-carbon": ("Bambu X1 Carbon — 0,20 mm rapide", "0.20", 120, 200, 300, 50),
    "prusa-mini": ("Prusa MINI+ — 0,15 mm", "0.15", 40, 70, 150, 20),
}
DEFAULT_PROFILE = "Standard 0,20 mm (toute imprimante)"
REDUCED_GROUP = "tarif-reduit"


def _materials(run: DemoRun, actor) -> None:
    existing = set(Material.objects.filter(lab=run.lab).values_list("code", flat=True))
    for position, (code, name, technology, density, price, text, colours) in enumerate(MATERIALS):
        if code in existing:
            continue
        material = material_save(
            actor=actor, lab=run.lab, data={
                "code": code, "name": name, "technology": technology, "density_g_cm3": density,
                "price_per_kg": price, "description": text, "active": True, "position": position,
            },
        )  # fmt: skip
        for colour, hex_code, in_stock in colours:
            colour_save(
                actor=actor, material=material,
                data={"name": colour, "hex_code": hex_code, "in_stock": in_stock},
            )  # fmt: skip


def _profiles(run: DemoRun, actor) -> None:
    names = set(PrintProfile.objects.filter(lab=run.lab).values_list("name", flat=True))
    printers = Machine.objects.filter(
        lab=run.lab, category__kind=MachineCategory.Kind.FDM_PRINTER
    ).exclude(status=MachineStatus.RETIRED)
    for printer in printers:
        spec = PRINTER_PROFILES.get(printer.slug)
        if spec is None or spec[0] in names:
            continue
        name, layer, perimeter, infill, travel, first = spec
        profile_save(actor=actor, lab=run.lab, data={
            "name": name, "printer": printer, "layer_height_mm": D(layer),
            "first_layer_height_mm": D("0.20"), "perimeter_speed_mm_s": perimeter,
            "infill_speed_mm_s": infill, "travel_speed_mm_s": travel,
            "first_layer_speed_mm_s": first,
        })  # fmt: skip
    if DEFAULT_PROFILE not in names:
        profile_save(actor=actor, lab=run.lab, data={
            "name": DEFAULT_PROFILE, "is_default": True, "infill_percent": 15,
        })  # fmt: skip


def _settings(run: DemoRun, actor) -> None:
    if PrintSettings.objects.filter(lab=run.lab).exists():
        return
    reduced = MemberGroup.objects.filter(lab=run.lab, slug=REDUCED_GROUP).first()
    print_settings_save(
        actor=actor, lab=run.lab,
        data={"hourly_rate": D("2.00"), "handling_fee": D("3.00"), "minimum_price": D("5.00"),
              "accepts_visitors": True},
        group_rates={reduced.pk: D("1.00")} if reduced else {},
    )  # fmt: skip


def print_catalogue(run: DemoRun) -> None:
    actor = run.people.get("fab_manager")
    _materials(run, actor)
    _profiles(run, actor)
    _settings(run, actor)


register_demo_step(70, print_catalogue)

# The demo print jobs (order 75) live in their own module, found through this one.
from . import job_demo  # noqa: E402, F401
