"""What the mesh sandbox's server process loads once, before it forks a child per job (see
sandbox.py): one thread for numerical libraries (a job is one core, and its CPU limit means
what it says), Django (translations of the refusals), numpy and the mesh code."""

import logging
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

try:
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from . import mesh_jobs  # noqa: F401 (imported for the children)

    for _code, _label in settings.LANGUAGES:  # each catalogue read once, not once a job
        translation.activate(_code)
    translation.deactivate()
except Exception:  # each child sets Django up itself then: slower, still right
    logging.getLogger(__name__).exception("The mesh sandbox could not preload Django")
