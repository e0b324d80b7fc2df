"""The print service's API: instant quotes (`POST /quotes`) and print jobs (job_api)."""

import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from fabdesk.core.errors import Forbidden
from fabdesk.core.selectors import lab_for_user
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .analysis import MeshError
from .pricing import print_settings_for
from .quote_request import QuoteOptions, quote_path
from .quote_schemas import QuoteIn, QuoteOut
from .quote_services import file_format_of, mesh_refusal, upload_limits

router = Router()

QUOTE_ERRORS = {401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}


@router.post(
    "/quotes",
    response={200: QuoteOut, **QUOTE_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="Quote a 3D file",
    description=(
        "Multipart: `file` (STL, OBJ or 3MF) and the options of `fabdesk quote`. Answers the "
        "analysis, filament, print time and price (the caller's group rate). Open to members, "
        "and to visitors when the lab accepts them. A file that cannot be read: 422 with its "
        "code (not_a_mesh, truncated, too_many_triangles, zip_bomb...); too large: 413."
    ),
)
def create_quote(request, file: File[UploadedFile], options: Form[QuoteIn]):
    user = request.auth
    lab = lab_for_user(user)
    settings = print_settings_for(lab) if lab is not None else None
    if not user.is_authenticated and settings is not None and not settings.accepts_visitors:
        raise Forbidden(
            _("This lab quotes prints for its members only: log in or send an API token."),
            code="members_only",
        )
    max_bytes, _triangles = upload_limits(lab)
    if file.size is not None and file.size > max_bytes:
        raise mesh_refusal(
            MeshError("too_large", _("The file is %(size)s MB; at most %(limit)s MB are accepted.")
                      % {"size": f"{file.size / 2**20:.1f}", "limit": max_bytes // 2**20})
        )  # fmt: skip
    file_format = file_format_of(file.name or "")
    with tempfile.TemporaryDirectory(prefix="fabdesk-quote-") as folder:
        path = Path(folder) / f"model.{file_format}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            return quote_path(
                path=path,
                lab=lab,
                options=QuoteOptions(**options.dict()),
                member=user if user.is_authenticated else None,
                file_format=file_format,
            )
        except MeshError as error:
            raise mesh_refusal(error) from None


# Print jobs (members and staff) live in their own module.
from .job_api import router as job_router  # noqa: E402

router.add_router("", job_router)
