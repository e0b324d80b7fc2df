"""The sheet of QR labels fab labs stick on their machines: A4, 3 x 7 labels of 70 x 42.3 mm
(the common "21 per sheet" label paper; on plain paper, cut along the dotted lines). Each
label holds the lab's name, the machine's name and a QR code that opens the machine's page
with the "report a problem" button first. Printed in the lab's language."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

LABELS_PER_PAGE = 21  # 3 columns, 7 rows


def machine_qr_url(machine) -> str:
    """The absolute address a label's QR code opens."""
    path = reverse("equipment:machine_detail", args=[machine.pk])
    return f"{settings.SITE_URL}{path}?from=qr"


def qr_svg(data: str) -> SafeString:
    """The QR code of `data` as inline SVG that scales to its box (error correction M: a
    label stays readable with a scratch)."""
    svg = segno.make(data, error="m", micro=False).svg_inline(
        omitsize=True, border=2, dark="#000", svgclass="qr"
    )
    return mark_safe(svg)  # made by segno from our own URL: no outside markup


def labels_html(*, lab, machines) -> str:
    labels = [
        {"machine": machine, "url": machine_qr_url(machine), "qr": qr_svg(machine_qr_url(machine))}
        for machine in machines
    ]
    pages = [labels[i : i + LABELS_PER_PAGE] for i in range(0, len(labels), LABELS_PER_PAGE)]
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("equipment/labels.html", {"lab": lab, "pages": pages})


def labels_pdf(*, lab, machines) -> bytes:
    from weasyprint import HTML  # heavy import, only when a sheet is printed

    return HTML(string=labels_html(lab=lab, machines=machines)).write_pdf()
