"""Work a web process does once when it starts, before its first request, so that no user waits for it."""

import logging
import time

logger = logging.getLogger(__name__)


def warm_up_web_process() -> None:
    """Import every URL module and read a few drill requests now. Django imports the URL modules on the first request
    (~0.3-0.7 s: the apps' views and APIs), and the words reader's first request in a process compiles its ~550
    patterns and loads OpenCC's dictionaries (0.3-0.7 s of CPU): the first user of each web process waited for both.
    Celery workers do not call this: they render drills from their parameters and never read words or route URLs."""
    from django.urls import get_resolver

    from generation.melody.request import warm_up

    started = time.perf_counter()
    try:
        get_resolver().url_patterns  # noqa: B018  (the property imports every URL module)
        patterns = warm_up()
    except Exception:  # a failed warm-up must not keep the site from starting; the first request pays instead
        logger.exception("warming up the web process failed")
        return
    logger.info("web process warmed up (URL modules, words reader: %d patterns) in %.0f ms", patterns,
                1000 * (time.perf_counter() - started))
