"""How many processes a build may use, whether it may fork them, and a map
over forked processes.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
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


def map_in_processes(function, items: list, workers: int) -> list:
    """`[function(item) for item in items]`, the items dealt round robin between
    this process and `workers - 1` forked children; each child sends its results
    back pickled. An error in a child is raised here; a child that dies raises
    ChildProcessError. In this process alone when `workers` is 1 or it cannot fork."""
    if workers <= 1 or len(items) < 2 or not can_fork():
        return [function(item) for item in items]
    shares = [range(start, len(items), workers) for start in range(min(workers, len(items)))]
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()  # a child would write again what is still buffered
    sys.stderr.flush()
    children = []
    try:
        for share in shares[1:]:
            ours, theirs = context.Pipe(duplex=False)
            child = context.Process(target=_send_results, args=(function, items, share, theirs), daemon=True)
            child.start()
            theirs.close()
            children.append((child, ours, share))
        results = [None] * len(items)
        for index in shares[0]:
            results[index] = function(items[index])
        for _, connection, share in children:
            _receive_results(connection, share, results)
        return results
    finally:
        for child, connection, _ in children:
            connection.close()
            if child.is_alive():
                child.terminate()
            child.join()


def _send_results(function, items: list, share: range, connection) -> None:
    try:
        message = ("results", [function(items[index]) for index in share])
    except Exception as error:  # noqa: BLE001 (raised again in the parent)
        message = ("error", error)
    try:
        connection.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
    except Exception as error:  # noqa: BLE001 (an error that cannot be pickled: its words at least)
        connection.send_bytes(pickle.dumps(("error", RuntimeError(repr(error)))))
    finally:
        connection.close()


def _receive_results(connection, share: range, results: list) -> None:
    try:
        kind, payload = pickle.loads(connection.recv_bytes())
    except EOFError:
        raise ChildProcessError("A process of the build ended without sending its results") from None
    if kind == "error":
        raise payload
    for index, result in zip(share, payload, strict=True):
        results[index] = result
