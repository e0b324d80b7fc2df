"""The demo lab's print jobs: a few in every state of the queue, from members and visitors,
with models generated here (trimesh shapes saved as STL or OBJ), analysed, quoted and
pictured like real uploads. Step order 75, after the print catalogue (materials, profiles and
settings, order 70) and the workshop's printers; without a material or a profile it does
nothing. Runs once: a lab that has print jobs is left as it is."""

import io
import logging
from datetime import timedelta
from decimal import Decimal

import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.models import AuditEntry
from fabdesk.core.selectors import audit_entries_for
from fabdesk.members.models import User

from . import job_services as js
from .job_drafts import file_upload
from .job_selectors import materials_offered, printers_of_lab, profile_for
from .models import PrintFile, PrintJob, SliceStatus
from .preview import preview_store
from .thumbnails import thumbnail_store

logger = logging.getLogger(__name__)


def _shapes() -> dict[str, trimesh.Trimesh]:
    """The demo's models, in millimetres, resting on the bed."""
    tube = trimesh.creation.annulus(r_min=33, r_max=36, height=90, sections=96)
    base = trimesh.creation.cylinder(radius=36, height=3, sections=96)
    shapes = {
        "pot-a-crayons.stl": trimesh.util.concatenate([tube, base]),
        "boitier-raspberry.stl": trimesh.creation.box(extents=(92, 62, 28)),
        "entretoise-m3.stl": trimesh.creation.annulus(r_min=1.7, r_max=3.5, height=10),
        "bouton-rotatif.obj": trimesh.creation.cylinder(radius=12, height=15, sections=64),
        "sphere-deco.stl": trimesh.creation.icosphere(subdivisions=4, radius=25),
        "anneau-porte-cles.stl": trimesh.creation.torus(major_radius=15, minor_radius=3),
        "cone-de-signalisation.stl": trimesh.creation.cone(radius=20, height=45, sections=64),
        "support-telephone.stl": trimesh.creation.box(extents=(70, 12, 90)),
    }
    for mesh in shapes.values():
        mesh.apply_translation(-mesh.bounds[0])
    return shapes


# (requester key or visitor (name, email, language), files, state, days ago, extra)
JOBS = [
    ("member", ["boitier-raspberry.stl"], "submitted", 0,
     {"notes": "Couvercle à part si possible."}),
    ("generated", ["sphere-deco.stl", "anneau-porte-cles.stl"], "submitted", 1, {}),
    (("Camille Visiteuse", "camille@example.test", "fr"), ["support-telephone.stl"],
     "submitted", 1, {}),
    (("Jamie Visitor", "jamie@example.test", "en"), ["cone-de-signalisation.stl"],
     "unconfirmed", 0, {}),
    ("member", ["pot-a-crayons.stl"], "approved", 3,
     {"price": Decimal("9.00"), "message": "Réduction : impression groupée avec un autre job."}),
    ("generated", ["entretoise-m3.stl"], "approved", 2, {"quantity": 8}),
    ("generated", ["bouton-rotatif.obj"], "printing", 4, {}),
    ("member", ["support-telephone.stl"], "printing", 5, {"failed": "Décollement du plateau."}),
    ("generated", ["anneau-porte-cles.stl"], "done", 7, {"quantity": 5}),
    (("Camille Visiteuse", "camille@example.test", "fr"), ["sphere-deco.stl"], "done", 6, {}),
    ("member", ["entretoise-m3.stl", "bouton-rotatif.obj"], "picked_up", 14, {}),
    ("generated", ["boitier-raspberry.stl"], "picked_up", 20, {}),
    ("generated", ["cone-de-signalisation.stl"], "rejected", 9,
     {"reason": "Pièce trop haute pour nos imprimantes en un seul morceau : coupez-la en deux."}),
    ("member", ["pot-a-crayons.stl"], "cancelled", 10, {}),
]  # fmt: skip


def _members(run: DemoRun) -> list[User]:
    return list(
        User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, groups__name="member")
        .exclude(pk=getattr(run.people.get("member"), "pk", None))
        .order_by("pk")[:4]
    )


def _upload(run: DemoRun, name: str, mesh, *, owner, material, printer, quantity) -> PrintFile:
    buffer = io.BytesIO()
    mesh.export(buffer, file_type=name.rsplit(".", 1)[1])
    upload = SimpleUploadedFile(name, buffer.getvalue())
    # The demo's quotes are estimates: the slicer, when installed, would run for every file.
    with override_settings(FABDESK_SLICER_PATH="fabdesk-demo-no-slicer"):
        print_file = file_upload(
            lab=run.lab,
            uploaded_file=upload,
            uploaded_by=owner,
            material=material,
            printer=printer,
            quantity=quantity,
        )
    PrintFile.objects.filter(pk=print_file.pk).update(
        slice_status=SliceStatus.NONE, slice_message=""
    )
    print_file.refresh_from_db()
    return print_file


def _pictures(print_file: PrintFile, mesh, colour: str) -> None:
    thumbnail_store(print_file=print_file, vertices=mesh.vertices, faces=mesh.faces, colour=colour)
    preview_store(print_file, mesh)


def _take_steps(job, state: str, extra: dict, *, staff, printers) -> PrintJob:
    if state in ("submitted", "unconfirmed", "cancelled"):
        if state == "cancelled":
            return js.print_job_cancel(job=job, actor=job.requester, secret=job.secret)
        return job
    if state == "rejected":
        return js.print_job_reject(actor=staff, job=job, reason=extra["reason"])
    kind = js.PRINTER_KIND_FOR.get(job.material.technology)
    printers = [p for p in printers if p.category.kind == kind]
    job = js.print_job_approve(
        actor=staff,
        job=job,
        price=extra.get("price"),
        printer=printers[job.pk % len(printers)] if printers else None,
        message=extra.get("message", ""),
    )
    if state == "approved" or job.printer is None:
        return job
    job = js.print_job_start(actor=staff, job=job)
    if extra.get("failed"):
        job = js.print_job_failed(actor=staff, job=job, note=extra["failed"])
    if state == "printing":
        return job
    grams = sum(
        Decimal(str((f.quote or {}).get("filament_g") or 5)) * f.quantity for f in job.files.all()
    )
    minutes = sum(
        int((f.quote or {}).get("print_time_s") or 600) * f.quantity for f in job.files.all()
    )
    job = js.print_job_done(
        actor=staff, job=job, grams=grams * Decimal("1.05"), minutes=max(1, minutes // 60)
    )
    if state == "picked_up":
        job = js.print_job_picked_up(actor=staff, job=job)
    return job


def _age(job: PrintJob, days: int) -> None:
    """Place the job `days` ago and its steps a few hours apart after it."""
    start = timezone.now() - timedelta(days=days, hours=3)
    PrintJob.objects.filter(pk=job.pk).update(created_at=start)
    for index, entry in enumerate(audit_entries_for(job).order_by("id")):
        when = min(start + timedelta(hours=2 * index), timezone.now())
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)


def demo_print_jobs(run: DemoRun) -> None:
    lab = run.lab
    materials = list(materials_offered(lab=lab))
    staff = run.people.get("fab_manager")
    if not materials or profile_for(lab=lab, printer=None) is None or staff is None:
        logger.info("Demo print jobs skipped: no material, print profile or fab manager.")
        return
    if PrintJob.objects.filter(lab=lab).exists():
        return
    printers = [p for p in printers_of_lab(lab=lab) if p.status == "in_service"]
    members = _members(run) or [run.people["member"]]
    shapes = _shapes()
    # Oldest first, so that the references follow the dates.
    for number, (who, names, state, days, extra) in enumerate(sorted(JOBS, key=lambda j: -j[3])):
        material = materials[number % min(len(materials), 3)]
        colours = list(material.colours.filter(in_stock=True))
        colour = colours[number % len(colours)] if colours else None
        owner = None
        if who == "member":
            owner = run.people["member"]
        elif who == "generated":
            owner = members[number % len(members)]
        files = []
        for name in names:
            print_file = _upload(
                run,
                name,
                shapes[name],
                owner=owner,
                material=material,
                printer=None,
                quantity=extra.get("quantity", 1),
            )
            _pictures(print_file, shapes[name], colour.hex_code if colour else "")
            files.append(print_file)
        contact = {}
        if owner is None:
            contact = {"contact_name": who[0], "contact_email": who[1], "language": who[2]}
        job = js.print_job_submit(
            lab=lab,
            requester=owner,
            files=files,
            material=material,
            colour=colour,
            notes=extra.get("notes", ""),
            **contact,
        )
        if owner is None and state != "unconfirmed":
            job = js.print_job_confirm_email(token=js.confirmation_token(job))
        job = _take_steps(job, state, extra, staff=staff, printers=printers)
        _age(job, days)


register_demo_step(75, demo_print_jobs)
