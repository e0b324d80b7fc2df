"""The pictures of an uploaded model, made in the background after the upload: the thumbnail
(PNG) and the 3D view's binary, from one reading of the file."""

import logging

from django.core.files.storage import default_storage
from django_tasks import task

from .analysis import MeshError
from .models import PrintFile
from .preview import load_file_mesh, preview_name, preview_store
from .thumbnails import thumbnail_store

logger = logging.getLogger(__name__)


@task()
def make_print_file_visuals(print_file_id: int) -> bool:
    print_file = PrintFile.objects.select_related("lab").filter(pk=print_file_id).first()
    if print_file is None:
        return False
    if print_file.thumbnail and default_storage.exists(preview_name(print_file)):
        return True  # made already (the demo paints its own in the job's colour)
    try:
        mesh = load_file_mesh(print_file)
    except MeshError as error:
        logger.warning("No pictures for print file %s: %s", print_file.pk, error.code)
        return False
    vertices, faces = mesh.vertices.view(), mesh.faces.view()
    if not print_file.thumbnail:
        thumbnail_store(print_file=print_file, vertices=vertices, faces=faces)
    preview_store(print_file, mesh)
    return True
