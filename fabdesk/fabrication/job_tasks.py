"""The pictures of an uploaded model, made in the background after the upload: the thumbnail
(PNG) and the 3D view's binary, from one reading of the file in the sandbox."""

import logging

from django.core.files.storage import default_storage
from django_tasks import task

from .analysis import MeshError
from .models import PrintFile
from .preview import file_visuals, preview_name, preview_save
from .thumbnails import thumbnail_save

logger = logging.getLogger(__name__)


@task()
def make_print_file_visuals(print_file_id: int) -> bool:
    print_file = PrintFile.objects.select_related("lab").filter(pk=print_file_id).first()
    if print_file is None:
        return False
    if print_file.thumbnail and default_storage.exists(preview_name(print_file)):
        return True  # made already (the demo paints its own in the job's colour)
    try:
        visuals = file_visuals(print_file, thumbnail=not print_file.thumbnail)
    except MeshError as error:
        logger.warning("No pictures for print file %s: %s", print_file.pk, error.code)
        return False
    if visuals["thumbnail"] is not None:
        thumbnail_save(print_file, visuals["thumbnail"])
    preview_save(print_file, visuals["preview"])
    return True
