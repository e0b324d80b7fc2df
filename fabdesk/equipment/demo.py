"""The demo lab's workshop: machine categories, spaces and fifteen machines with specs,
documents, hours of use, one out of order, one in maintenance, one retired. Registered with
fabdesk.core.demo (order 20, after the people); statuses and counters go through the
equipment services, so the timeline and the audit log read like a lab that has been running.

The incidents (order 30) and maintenance (order 40) demo steps find machines by these slugs,
which never change."""

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from fabdesk.core.demo import DemoRun, register_demo_step

from .models import Machine, MachineCategory, MachineDocument, MachineStatus, Space
from .services import machine_correct_usage, machine_set_status

DEMO_MACHINE_SLUGS = {
    "fdm_printer": ["prusa-mk4-1", "prusa-mk4-2", "bambu-x1-carbon", "prusa-mini"],
    "resin_printer": ["formlabs-form-3"],
    "laser_cutter": ["trotec-speedy-300", "epilog-zing-24"],
    "cnc_router": ["cnc-high-z-s1000", "shaper-origin"],
    "vinyl_cutter": ["roland-gs-24"],
    "embroidery": ["brother-pr680w"],
    "electronics": ["station-soudage-1", "station-soudage-2", "oscilloscope-rigol"],
    "hand_tools": ["perceuse-colonne"],
}
OUT_OF_ORDER_SLUG = "prusa-mk4-2"
MAINTENANCE_SLUG = "epilog-zing-24"
RETIRED_SLUG = "prusa-mini"

Kind = MachineCategory.Kind
CATEGORIES = [  # slug, name, kind
    ("impression-3d-fdm", "Imprimante 3D FDM", Kind.FDM_PRINTER),
    ("impression-3d-resine", "Imprimante 3D résine", Kind.RESIN_PRINTER),
    ("decoupe-laser", "Découpe laser", Kind.LASER_CUTTER),
    ("fraiseuse-numerique", "Fraiseuse numérique", Kind.CNC_ROUTER),
    ("plotter-vinyle", "Plotter de découpe vinyle", Kind.VINYL_CUTTER),
    ("brodeuse", "Brodeuse numérique", Kind.EMBROIDERY),
    ("electronique", "Poste électronique", Kind.ELECTRONICS),
    ("outillage", "Outillage à main", Kind.HAND_TOOLS),
]
SPACES = [  # slug, name, capacity, bookable, description
    ("atelier-numerique", "Atelier numérique", 16, False,
     "Le cœur du lab : imprimantes 3D, découpe vinyle et brodeuse, "
     "avec six postes informatiques équipés de **PrusaSlicer**, **Inkscape** et **FreeCAD**."),
    ("salle-laser", "Salle laser", 4, False,
     "Les deux découpes laser, sous extraction.\n\n"
     "- lunettes de protection obligatoires pour les réglages ouverts ;\n"
     "- ne jamais laisser une découpe sans surveillance."),
    ("atelier-bois", "Atelier bois", 8, False,
     "Fraiseuse numérique, perceuse à colonne et outillage à main. "
     "Chaussures fermées et lunettes de protection obligatoires."),
    ("salle-electronique", "Salle électronique", 8, False,
     "Postes de soudage, alimentations de laboratoire, oscilloscope et composants en libre "
     "service (résistances, LED, Arduino)."),
    ("salle-de-reunion", "Salle de réunion", 12, True,
     "Une grande table, un écran et un tableau blanc, pour les réunions de projet et les "
     "formations théoriques."),
]  # fmt: skip

PRUSA_MANUAL = ("Manuel Original Prusa MK4", MachineDocument.Kind.MANUAL,
                "https://help.prusa3d.com/fr/category/original-prusa-mk4_468")  # fmt: skip
LASER_SAFETY = ("Consignes de sécurité de la découpe laser", MachineDocument.Kind.SAFETY,
                "https://fablab-demo.test/wiki/securite-laser")  # fmt: skip

# slug, name, category, space, brand, model, (x, y, z) mm, materials, bookable, hours,
# description, documents
MACHINES = [
    ("prusa-mk4-1", "Prusa MK4 n°1", "impression-3d-fdm", "atelier-numerique",
     "Prusa Research", "Original Prusa MK4", (250, 210, 220), "PLA, PETG, ASA, TPU", True,
     "412.50",
     "Imprimante 3D FDM fiable pour débuter comme pour les pièces techniques.\n\n"
     "- buse de **0,4 mm** (0,6 mm disponible à l'accueil) ;\n"
     "- plateau PEI texturé ;\n- calibration automatique du plateau.",
     [PRUSA_MANUAL]),
    ("prusa-mk4-2", "Prusa MK4 n°2", "impression-3d-fdm", "atelier-numerique",
     "Prusa Research", "Original Prusa MK4", (250, 210, 220), "PLA, PETG, ASA, TPU", True,
     "388.00",
     "La jumelle de la MK4 n°1, avec une buse de **0,6 mm** pour les grandes pièces rapides.",
     [PRUSA_MANUAL]),
    ("bambu-x1-carbon", "Bambu Lab X1 Carbon", "impression-3d-fdm", "atelier-numerique",
     "Bambu Lab", "X1 Carbon", (256, 256, 256), "PLA, PETG, ABS, ASA, PA-CF, TPU", True,
     "156.25",
     "Imprimante rapide à enceinte fermée, avec **AMS** : jusqu'à quatre couleurs par "
     "impression.\n\nRéservée aux membres habilités (formation « impression avancée »).",
     []),
    ("prusa-mini", "Prusa MINI+", "impression-3d-fdm", "atelier-numerique",
     "Prusa Research", "Original Prusa MINI+", (180, 180, 180), "PLA, PETG", False, "1240.00",
     "La première imprimante du lab, remplacée par les MK4.", []),
    ("formlabs-form-3", "Formlabs Form 3", "impression-3d-resine", "atelier-numerique",
     "Formlabs", "Form 3", (145, 145, 185),
     "Résine standard, Tough 2000, Flexible 80A, Clear", True, "64.00",
     "Impression résine (SLA) pour les pièces fines : bijoux, figurines, prototypes.\n\n"
     "**Gants nitrile obligatoires** ; lavage à l'alcool isopropylique (Form Wash) puis "
     "post-polymérisation (Form Cure).",
     [("Fiches de données de sécurité des résines", MachineDocument.Kind.SAFETY,
       "https://formlabs.com/fr/support/")]),
    ("trotec-speedy-300", "Trotec Speedy 300", "decoupe-laser", "salle-laser",
     "Trotec", "Speedy 300 (CO₂ 80 W)", (726, 432, 178),
     "Contreplaqué 3 à 6 mm, MDF 3 mm, acrylique (PMMA) 3 à 8 mm, carton, cuir, papier", True,
     "1284.75",
     "Découpe et gravure laser CO₂ de **80 W**.\n\n"
     "| Matériau | Épaisseur max |\n|---|---|\n| Contreplaqué | 6 mm |\n"
     "| Acrylique | 8 mm |\n\n**Interdits** : PVC, vinyle, polycarbonate (gaz toxiques).",
     [("Manuel Speedy 300", MachineDocument.Kind.MANUAL, "https://www.troteclaser.com/fr"),
      LASER_SAFETY]),
    ("epilog-zing-24", "Epilog Zing 24", "decoupe-laser", "salle-laser",
     "Epilog Laser", "Zing 24 (CO₂ 40 W)", (610, 305, 165),
     "Contreplaqué 3 mm, acrylique 3 mm, carton, papier, cuir", True, "2310.00",
     "Petite laser de **40 W**, idéale pour la gravure et les découpes fines.",
     [LASER_SAFETY]),
    ("cnc-high-z-s1000", "Fraiseuse CNC High-Z S-1000", "fraiseuse-numerique", "atelier-bois",
     "CNC-Step", "High-Z S-1000/T", (1000, 600, 110),
     "Bois massif, contreplaqué, MDF, aluminium, PVC expansé", True, "318.00",
     "Fraiseuse numérique 3 axes à portique. Fraises de **3 et 6 mm** disponibles ; "
     "aspiration obligatoire.", []),
    ("shaper-origin", "Shaper Origin", "fraiseuse-numerique", "atelier-bois",
     "Shaper Tools", "Origin", (None, None, 43),
     "Bois, contreplaqué, MDF, plastiques", True, "42.00",
     "Défonceuse portative guidée par caméra : pas de limite de surface, la machine se pose "
     "sur la pièce.", []),
    ("roland-gs-24", "Roland GS-24", "plotter-vinyle", "atelier-numerique",
     "Roland DG", "CAMM-1 GS-24", (584, None, None),
     "Vinyle adhésif, flex thermocollant, papier, masques de peinture", True, "87.50",
     "Plotter de découpe pour autocollants, flocage textile et pochoirs.", []),
    ("brother-pr680w", "Brodeuse Brother PR680W", "brodeuse", "atelier-numerique",
     "Brother", "PR680W (6 aiguilles)", (360, 200, None),
     "Coton, polyester, jean, casquettes", True, "96.00",
     "Brodeuse numérique six aiguilles ; motifs préparés avec **Ink/Stitch**.", []),
    ("station-soudage-1", "Station de soudage n°1", "electronique", "salle-electronique",
     "Weller", "WE 1010", (None, None, None), "Étain sans plomb", False, "0",
     "Station de soudage 70 W, pannes fines et tresse à dessouder.", []),
    ("station-soudage-2", "Station de soudage n°2", "electronique", "salle-electronique",
     "Hakko", "FX-888D", (None, None, None), "Étain sans plomb", False, "0",
     "Station de soudage 70 W avec loupe éclairante et aspirateur de fumées.", []),
    ("oscilloscope-rigol", "Oscilloscope Rigol DS1054Z", "electronique", "salle-electronique",
     "Rigol", "DS1054Z", (None, None, None), "", False, "0",
     "Oscilloscope numérique 4 voies, 50 MHz. Sondes rangées dans le tiroir du poste 2.", []),
    ("perceuse-colonne", "Perceuse à colonne", "outillage", "atelier-bois",
     "Bosch", "PBD 40", (None, None, None), "Bois, métal, plastiques", False, "0",
     "Perceuse à colonne 710 W avec étau. **Lunettes obligatoires.**", []),
]  # fmt: skip
STATUSES = [  # slug, status, reason
    (OUT_OF_ORDER_SLUG, MachineStatus.OUT_OF_ORDER,
     "Buse bouchée : l'extrudeur est à démonter."),
    (MAINTENANCE_SLUG, MachineStatus.MAINTENANCE,
     "Remplacement du tube laser, retour prévu la semaine prochaine."),
    (RETIRED_SLUG, MachineStatus.RETIRED, "Remplacée par les MK4, gardée pour les pièces."),
]  # fmt: skip

TILES = {  # placeholder photo by category kind: colour, letters
    Kind.FDM_PRINTER: ("#e8590c", "3D"), Kind.RESIN_PRINTER: ("#7048e8", "SLA"),
    Kind.LASER_CUTTER: ("#c92a2a", "DL"), Kind.CNC_ROUTER: ("#2b8a3e", "CNC"),
    Kind.VINYL_CUTTER: ("#1971c2", "VI"), Kind.EMBROIDERY: ("#d6336c", "BR"),
    Kind.ELECTRONICS: ("#0c8599", "ÉL"), Kind.HAND_TOOLS: ("#5c940d", "OU"),
}  # fmt: skip
SPACE_COLOUR = "#495057"


def initials(name: str) -> str:
    """ "Salle de réunion" → "SR": the first letters of the first two long words."""
    words = [word for word in name.split() if len(word) > 2]
    return "".join(word[0].upper() for word in words[:2])


def placeholder_photo(*, title: str, letters: str, colour: str) -> ContentFile:
    """A coloured tile with big letters and the name under them: a stand-in photo."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=160), ImageFont.load_default(size=32)
    draw.text((320, 210), letters, fill="white", font=big, anchor="mm")
    draw.text((320, 400), title, fill="white", font=small, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue())


def _categories(run: DemoRun) -> dict[str, MachineCategory]:
    existing = {c.slug: c for c in MachineCategory.objects.filter(lab=run.lab)}
    for position, (slug, name, kind) in enumerate(CATEGORIES):
        if slug not in existing:
            existing[slug] = MachineCategory.objects.create(
                lab=run.lab, slug=slug, name=name, kind=kind, position=position
            )
    return existing


def _spaces(run: DemoRun) -> dict[str, Space]:
    existing = {s.slug: s for s in Space.objects.filter(lab=run.lab)}
    for position, (slug, name, capacity, bookable, description) in enumerate(SPACES):
        if slug not in existing:
            space = Space(
                lab=run.lab, slug=slug, name=name, capacity=capacity, bookable=bookable,
                description=description, position=position,
            )  # fmt: skip
            photo = placeholder_photo(title=name, letters=initials(name), colour=SPACE_COLOUR)
            space.photo.save(f"{slug}.png", photo, save=False)
            space.save()
            existing[slug] = space
    return existing


def _machine(run, spec, *, position, categories, spaces, actor) -> None:
    (slug, name, category, space, brand, model, size, materials, bookable, hours,
     description, documents) = spec  # fmt: skip
    category = categories[category]
    machine = Machine(
        lab=run.lab, slug=slug, name=name, category=category, space=spaces[space],
        brand=brand, model_name=model, size_x_mm=size[0], size_y_mm=size[1],
        size_z_mm=size[2], materials=materials, bookable=bookable, description=description,
        position=position,
    )  # fmt: skip
    colour, letters = TILES[category.kind]
    photo = placeholder_photo(title=name, letters=letters, colour=colour)
    machine.photo.save(f"{slug}.png", photo, save=False)
    machine.save()
    for index, (title, kind, url) in enumerate(documents):
        MachineDocument.objects.create(
            machine=machine, title=title, kind=kind, url=url, position=index
        )
    total = Decimal(hours)
    if total:
        machine_correct_usage(
            actor=actor, machine=machine, total_hours=total,
            reason="Relevé du compteur de la machine à la mise en place de Fabdesk.",
        )  # fmt: skip


def demo_workshop(run: DemoRun) -> None:
    actor = run.people["fab_manager"]
    categories, spaces = _categories(run), _spaces(run)
    existing = set(Machine.objects.filter(lab=run.lab).values_list("slug", flat=True))
    created = set()
    for position, spec in enumerate(MACHINES):
        if spec[0] not in existing:
            _machine(
                run, spec, position=position, categories=categories, spaces=spaces, actor=actor
            )
            created.add(spec[0])
    for slug, status, reason in STATUSES:
        if slug in created:
            machine = Machine.objects.get(lab=run.lab, slug=slug)
            machine_set_status(actor=actor, machine=machine, status=status, reason=reason)


register_demo_step(20, demo_workshop)
