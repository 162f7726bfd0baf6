"""How many processes a build may use, and whether it may fork them.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import os
import threading


def worker_count(settings) -> int:
    """`ARCHIVE_WORKERS` from the settings, or every CPU this process may run on;
    1 means build in this process alone."""
    configured = settings.get("ARCHIVE_WORKERS")
    if configured:
        return max(1, int(configured))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not every system can tell
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking copies only the thread that forks: a process running other
    threads (a preview server, a test's web server) builds in one process."""
    return hasattr(os, "fork") and threading.active_count() == 1
