"""The refusal of a 3D file: a stable `code` (for the API and scripts) and a `detail` a
person can act on."""

from django.utils.translation import gettext as _


class MeshError(Exception):
    """A file that cannot be analysed: too large, truncated, not a mesh, a zip bomb...

    Codes: too_large, too_many_triangles, not_a_mesh, unsupported_format, truncated,
    bad_header, unreadable, bad_indices, non_finite, empty_mesh, flat_mesh, bad_zip,
    zip_bomb, bad_xml, no_model; from the sandbox (sandbox.py): analysis_too_heavy,
    analysis_timeout, analysis_failed."""

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        self.detail = str(detail)
        super().__init__(f"{code}: {self.detail}")

    def as_dict(self) -> dict:
        return {"code": self.code, "detail": self.detail}


def too_many_triangles(count: int, limit: int) -> MeshError:
    return MeshError(
        "too_many_triangles",
        _("The model has %(count)s triangles; at most %(limit)s are accepted. Export it with "
          "a coarser resolution.") % {"count": f"{count:,}", "limit": f"{limit:,}"},
    )  # fmt: skip


def unreadable(what: str) -> MeshError:
    return MeshError("unreadable", _("The %(format)s file cannot be read: it is damaged.")
                     % {"format": what})  # fmt: skip


def bad_indices() -> MeshError:
    return MeshError(
        "bad_indices", _("The model's triangles refer to points the file does not hold.")
    )
