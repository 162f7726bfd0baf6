"""`archive_model.workers.map_in_processes`: results in order, errors raised in
the build's process, no process left. Each case runs in a fresh Python process,
since a test run's own threads (a served site) rightly turn forking off."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT

PREAMBLE = f"""
import multiprocessing, os, sys
sys.path.insert(0, {str(ROOT / "plugins")!r})
from archive_model.workers import can_fork, map_in_processes
assert can_fork()
parent = os.getpid()
"""


def run(code: str) -> str:
    script = PREAMBLE + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_results_come_back_in_order_and_are_computed_by_every_process():
    printed = run(
        """
        results = map_in_processes(lambda item: (item * item, os.getpid()), list(range(9)), 3)
        print([square for square, _ in results])
        print(len({pid for _, pid in results}), sum(pid == parent for _, pid in results))
        print(multiprocessing.active_children())
        """
    )
    assert printed.splitlines() == ["[0, 1, 4, 9, 16, 25, 36, 49, 64]", "3 3", "[]"]


def test_an_error_in_a_child_is_raised_in_the_build_process():
    printed = run(
        """
        def fails_on_four(item):
            if item == 4:
                raise ValueError(f"item {item} in {'child' if os.getpid() != parent else 'parent'}")
            return item
        try:
            map_in_processes(fails_on_four, list(range(6)), 3)
        except ValueError as error:
            print(error)
        print(multiprocessing.active_children())
        """
    )
    assert printed.splitlines() == ["item 4 in child", "[]"]


def test_a_child_that_dies_is_reported_not_waited_for_forever():
    printed = run(
        """
        def dies_on_one(item):
            if item == 1:
                os._exit(9)
            return item
        try:
            map_in_processes(dies_on_one, list(range(4)), 2)
        except ChildProcessError as error:
            print(error)
        print(multiprocessing.active_children())
        """
    )
    assert printed.splitlines() == ["A process of the build ended without sending its results", "[]"]


def test_one_worker_or_threads_running_keep_the_work_in_this_process():
    printed = run(
        """
        import threading, time
        print({pid == parent for pid in map_in_processes(lambda item: os.getpid(), [1, 2, 3], 1)})
        stop = threading.Event()
        threading.Thread(target=stop.wait, daemon=True).start()
        print({pid == parent for pid in map_in_processes(lambda item: os.getpid(), [1, 2, 3], 2)})
        stop.set()
        """
    )
    assert printed.splitlines() == ["{True}", "{True}"]
