"""The pages of a CSV import, the same for every app: upload → dry-run report → confirm (all
or nothing).

Between the report and the confirmation the decoded file is held in the staff member's
session with its SHA-256; the confirmation names the hash it saw, so what is imported is
exactly what was checked (and it is checked again against the data of that moment).

An app gives its form class, its session key, `check(content) -> report` (reads only),
`run(content) -> report` (writes, all or nothing), `page(form, held, report) -> response`
and, for the confirmation, `done(report) -> response`."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .csv_import import MAX_BYTES, content_digest, decode_upload
from .errors import DomainError
from .forms import form_error

Page = Callable[..., HttpResponse]


def import_upload(
    request, *, form_class, key: str, check: Callable[[str], Any], page: Page
) -> HttpResponse:
    form = form_class(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return page(form)
    upload = form.cleaned_data["file"]
    try:
        content, encoding = decode_upload(upload.read(MAX_BYTES + 1))  # more is refused
        report = check(content)
    except DomainError as exc:
        request.session.pop(key, None)
        form_error(form, exc)
        return page(form)
    held = {
        "digest": content_digest(content),
        "content": content,
        "filename": upload.name,
        "encoding": encoding,
    }
    request.session[key] = held
    return page(form_class(), held, report)


def import_confirm(
    request,
    *,
    form_class,
    key: str,
    check: Callable[[str], Any],
    run: Callable[[str], Any],
    page: Page,
    done: Callable[[Any], HttpResponse],
    upload_url: str,
) -> HttpResponse:
    held = request.session.get(key)
    if not held or held.get("digest") != request.POST.get("digest"):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect(upload_url)
    try:
        report = run(held["content"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
        try:
            report = check(held["content"])
        except DomainError:
            report = None
        return page(form_class(), held if report else None, report)
    request.session.pop(key, None)
    return done(report)
