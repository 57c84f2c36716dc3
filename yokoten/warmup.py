"""Work a fresh web process would otherwise do on its first requests, done once in
gunicorn's master before it forks its workers (``preload_app``, deploy/gunicorn.conf.py).

Without it each worker paid about two seconds to import the site and about one more
on its first requests (the URL patterns, every template compiled, the Japanese
dictionary loaded), and again each time ``max_requests`` replaced it. Forked from a
warm master, a new worker shares all of that and answers at full speed at once.

Last, the warm heap is frozen (``gc.freeze``): the collector no longer walks the
~275,000 objects every worker shares with the master. A full collection of them
paused a worker for 170–195 ms, once every few dozen renders of pages not cached;
frozen, it pauses for about 20 ms (``/tmp/gcmeasure.py``-style runs over 150 real
URLs of the scale-1 benchmark). Frozen objects also stay shared between the workers
(the collector no longer writes to their pages).

Apps name their own warm-ups in ``YOKOTEN_WARM_UP`` (dotted paths of functions that
take no argument and touch no database), so this module imports no domain code.
"""

import gc
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_up() -> None:
    started = time.monotonic()
    get_resolver().url_patterns  # noqa: B018 - imports every URL module
    get_resolver()._populate()  # the reverse lookup tables, built on first use otherwise
    compiled = _compile_templates()
    for path in settings.YOKOTEN_WARM_UP:
        import_string(path)()
    connections.close_all()  # no forked worker may share a connection of the master's
    gc.collect()
    gc.freeze()
    logger.info(
        "Warmed up in %.1f s (%d templates compiled, %d objects frozen).",
        time.monotonic() - started,
        compiled,
        gc.get_freeze_count(),
    )


def _compile_templates() -> int:
    """Compile the site's own templates (``templates/`` and its apps', not the
    libraries' admin screens) into the cached loader, as their first render would."""
    compiled = 0
    base = Path(settings.BASE_DIR).resolve()
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory).resolve()
            if not root.is_relative_to(base) or ".venv" in root.parts:
                continue
            for path in sorted(root.rglob("*.html")):
                engine.get_template(path.relative_to(root).as_posix())
                compiled += 1
    return compiled
