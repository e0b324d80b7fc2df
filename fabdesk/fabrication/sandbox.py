"""Mesh work on uploaded files in a child process with OS limits, so that one file cannot
stall or exhaust the web process: address space (RLIMIT_AS), CPU time (RLIMIT_CPU) and a
wall-clock timeout past which the child is killed. Overruns come back as `MeshError`s
(`analysis_too_heavy`, `analysis_timeout`) like any other refused file.

    run_limited(function, **kwargs)  -> what function(**kwargs) returned, in the child

`function` is a module-level function taking and returning plain values (paths as strings,
numbers, lists, dicts, bytes): see mesh_jobs.py. Children come from multiprocessing's
"forkserver": a server process, started on first use by each web (or worker) process, that
has imported Django and the mesh code once (sandbox_boot.py); each job is a fork of it, a
few milliseconds, sharing nothing with the web process (no database connection, no thread,
no lock). The server ends with the process that started it.

Settings: FABDESK_ANALYSIS_MEMORY_MB (memory a job may take beyond the loaded libraries,
default 1024), FABDESK_ANALYSIS_TIMEOUT (seconds, default 30). See
docs/adr/0011-own-mesh-readers-and-a-calibrated-estimate.md, "Analysis in a child process"."""

import logging
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .mesh_errors import MeshError

logger = logging.getLogger(__name__)

BOOT_MODULES = ["fabdesk.fabrication.sandbox_boot", "__main__"]
DEFAULT_MEMORY_MB = 1024
DEFAULT_TIMEOUT_S = 30.0
_context_lock = threading.Lock()
_context = None


@dataclass(frozen=True)
class Limits:
    memory_mb: int = DEFAULT_MEMORY_MB  # beyond the address space the child starts with
    timeout_s: float = DEFAULT_TIMEOUT_S  # wall clock, measured by the parent
    cpu_s: int | None = None  # CPU seconds (None: the timeout, rounded up)

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            memory_mb=int(getattr(settings, "FABDESK_ANALYSIS_MEMORY_MB", DEFAULT_MEMORY_MB)),
            timeout_s=float(getattr(settings, "FABDESK_ANALYSIS_TIMEOUT", DEFAULT_TIMEOUT_S)),
        )

    @property
    def cpu_seconds(self) -> int:
        return self.cpu_s if self.cpu_s is not None else max(1, math.ceil(self.timeout_s))


def too_heavy(limits: Limits) -> MeshError:
    return MeshError(
        "analysis_too_heavy",
        _("Reading this file needs more memory than the lab allows (%(limit)s MB): export it "
          "with fewer triangles or split it into parts.") % {"limit": limits.memory_mb},
    )  # fmt: skip


def timed_out(limits: Limits) -> MeshError:
    return MeshError(
        "analysis_timeout",
        _("Reading this file took longer than %(seconds)s seconds, so it was stopped: export "
          "it with fewer triangles or split it into parts.")
        % {"seconds": f"{limits.timeout_s:g}"},
    )  # fmt: skip


def failed() -> MeshError:
    return MeshError(
        "analysis_failed",
        _("The file could not be read just now: try again in a moment, or export it again."),
    )


def _get_context():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(BOOT_MODULES)
            _context = context
        return _context


def run_limited(function, /, *, limits: Limits | None = None, **kwargs):
    """function(**kwargs) run in a limited child; its MeshError raised here as it was, an
    overrun as analysis_too_heavy or analysis_timeout, anything else as analysis_failed
    (logged)."""
    limits = limits or Limits.from_settings()
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, function, kwargs, limits, get_language(), settings.SETTINGS_MODULE),
        name="fabdesk-mesh",
    )
    try:
        child.start()
    except (OSError, AssertionError, RuntimeError):  # no process left, a daemonic parent...
        logger.exception("Could not start the mesh sandbox")
        sender.close()
        receiver.close()
        raise failed() from None
    sender.close()
    answer = "timeout"
    try:
        answer = _receive(receiver, child, limits)
    finally:
        receiver.close()
        child.join(0 if answer == "timeout" else 2)  # it exits once it has answered
        if child.exitcode is None:
            child.kill()
            child.join(5)
        if child.exitcode is not None:
            child.close()
    return _unpack(answer, limits)


def _receive(receiver, child, limits: Limits):
    """The child's answer, None when it died without one, "timeout" past the deadline."""
    deadline = time.monotonic() + limits.timeout_s
    if not receiver.poll(max(deadline - time.monotonic(), 0)):
        return "timeout"
    try:
        return receiver.recv()
    except (EOFError, OSError):
        child.join(5)
        if child.exitcode is not None and -child.exitcode in CPU_SIGNALS:
            return "timeout"
        logger.warning("The mesh sandbox died (exit code %s)", child.exitcode)
        return None


def _unpack(answer, limits: Limits):
    if answer == "timeout":
        raise timed_out(limits)
    if answer is None:  # killed by the kernel, or a C library failed to allocate and crashed
        raise too_heavy(limits)
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "mesh_error":
        raise MeshError(*value)
    if kind == "memory":
        raise too_heavy(limits)
    logger.error("Mesh sandbox job failed:\n%s", value)
    raise failed()


# --- in the child ----------------------------------------------------------------------------

CPU_SIGNALS = {signal.SIGXCPU}  # sent at the soft CPU limit (the hard one, a second on, kills)


def address_space() -> int:
    """Bytes of address space this process holds now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def apply_limits(limits: Limits) -> None:
    memory = address_space() + limits.memory_mb * 2**20
    _lower(resource.RLIMIT_AS, memory, memory)
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)
    _lower(resource.RLIMIT_CORE, 0, 0)


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above one the system already imposes (systemd's LimitAS=...)."""
    _current, ceiling = resource.getrlimit(kind)
    if ceiling != resource.RLIM_INFINITY:
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(kind, (soft, hard))


def _child(sender, function, kwargs, limits: Limits, language, settings_module) -> None:
    import django
    from django.apps import apps
    from django.utils import translation

    if not apps.ready:  # the server could not boot Django (see sandbox_boot): do it here
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
        django.setup()
    apply_limits(limits)
    try:
        with translation.override(language):
            answer = ("ok", function(**kwargs))
    except MeshError as error:
        answer = ("mesh_error", (error.code, error.detail))
    except MemoryError:
        answer = ("memory", None)
    except Exception:  # reported to the parent, which logs it
        import traceback

        answer = ("error", traceback.format_exc())
    try:
        sender.send(answer)
    except MemoryError:
        sender.send(("memory", None))
    sender.close()
