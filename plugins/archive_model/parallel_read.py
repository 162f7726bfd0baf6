"""Reading a full build's Markdown files in several processes.

Rendering Markdown is the largest part of a full build, and each file renders
alone. So the first read of a build forks worker processes that render every
Markdown file the build will read (the pure part of reading:
`ArchiveReader.render_source`, bytes to header fields, HTML and problems); each
read then takes its file's result, once, and does Pelican's part itself.
Workers inherit the reader, its Markdown instance and its extensions, by fork.

A build reads in its own process alone when forking cannot pay or is unsafe:
`ARCHIVE_WORKERS` = 1, another thread running, fewer than `MIN_FILES` files, a
preview, or Pelican's content cache already filled (then only changed files
are read). A file whose result is missing (its worker failed or stopped, or the
file changed since) is read in the build's process, exactly as it would have
been without workers: the same problems, the same error.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import PurePosixPath

from .files import content_folders, is_ignored
from .workers import can_fork, worker_count

logger = logging.getLogger(__name__)

MIN_FILES = 50  # fewer files than this: starting processes costs more than it saves
FILES_AHEAD = 8  # files a worker holds, so that it does not wait for the next on a busy machine
SETTING = "ARCHIVE_READ_AHEAD"
EXTENSIONS = (".md", ".markdown")


@dataclass
class Rendered:
    """A file's rendering from a worker, for the bytes it was read from."""

    digest: bytes
    result: object
    log_records: list = field(default_factory=list)


@dataclass
class ReadAhead:
    """The results of one build's workers, by absolute path; each is taken once."""

    results: dict[str, Rendered] = field(default_factory=dict)

    def take(self, source_path: str):
        rendered = self.results.pop(os.path.abspath(source_path), None)
        if rendered is None:
            return None
        with open(source_path, "rb") as handle:
            if digest(handle.read()) != rendered.digest:
                return None  # saved again since: read it anew
        for record in rendered.log_records:
            logging.getLogger(record.name).handle(record)
        return rendered.result


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def prepared_result(settings, render_source, source_path: str):
    """The worker's result for this file, or None: read it in this process.

    The first call of a build renders every file in workers, when it pays."""
    ahead = settings.get(SETTING)
    if ahead is None:
        ahead = settings[SETTING] = ReadAhead()  # once a build, even if it fails
        ahead.results = render_ahead(settings, render_source)
    return ahead.take(source_path)


def render_ahead(settings, render_source) -> dict[str, Rendered]:
    workers = worker_count(settings)
    if workers < 2 or settings.get("ARCHIVE_PREVIEW") or cache_in_use(settings) or not can_fork():
        return {}
    paths = files_to_read(settings)
    if len(paths) < MIN_FILES:
        return {}
    start = time.perf_counter()
    try:
        results = render_in_processes(render_source, paths, min(workers, len(paths)))
    except Exception as error:  # noqa: BLE001 (the build's process reads every file then, as alone)
        logger.warning("Reading Markdown files in %s processes failed (%s); they were read in one", workers, error)
        return {}
    timings = settings.get("ARCHIVE_TIMINGS")
    if isinstance(timings, dict):
        timings["read_ahead"] = time.perf_counter() - start
    return results


def cache_in_use(settings) -> bool:
    """Pelican's content cache is loaded and holds something: the build reads
    only the files changed since, a few at most."""
    if not settings.get("LOAD_CONTENT_CACHE"):
        return False
    folder = settings.get("CACHE_PATH") or ""
    return os.path.isdir(folder) and bool(os.listdir(folder))


def files_to_read(settings) -> list[str]:
    """Every Markdown file in the folders the build reads, as absolute paths, sorted."""
    root = os.path.abspath(settings["PATH"])
    ignores = settings.get("IGNORE_FILES", ())
    found = set()
    for folder in sorted(content_folders(settings)):
        for directory, subfolders, names in os.walk(os.path.join(root, folder), followlinks=True):
            subfolders[:] = sorted(name for name in subfolders if not is_ignored(PurePosixPath(name), ignores))
            for name in names:
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                if name.endswith(EXTENSIONS) and not is_ignored(PurePosixPath(relative), ignores):
                    found.add(path)
    return sorted(found)


def render_in_processes(render_source, paths: list[str], workers: int) -> dict[str, Rendered]:
    """Render `paths` in `workers` forked processes; they have all ended when it returns."""
    context = multiprocessing.get_context("fork")
    processes, connections = [], []
    sys.stdout.flush()  # a child would write again what is still buffered
    sys.stderr.flush()
    try:
        for _ in range(workers):
            ours, theirs = context.Pipe()
            process = context.Process(target=render_share, args=(render_source, paths, theirs), daemon=True)
            process.start()
            theirs.close()  # the worker holds the other end alone: when it ends, we read the end of file
            processes.append(process)
            connections.append(ours)
        results = Dispatch(paths).run(connections)
    except BaseException:
        for process in processes:
            process.terminate()
        raise
    finally:
        for connection in connections:
            connection.close()
        for process in processes:
            process.join()
    for process in processes:
        if process.exitcode:
            logger.warning(
                "A process reading Markdown files stopped (exit code %s); "
                "the files it had not rendered were read in the build's process",
                process.exitcode,
            )
    return results


class Dispatch:
    """Hands out files one at a time to whichever worker sends a result (each
    holds a few in advance), and keeps the results. No lock is shared: a
    worker that dies loses only the files it held."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.next_index = 0
        self.told_to_end: set[int] = set()
        self.results: dict[str, Rendered] = {}

    def run(self, connections: list) -> dict[str, Rendered]:
        for connection in connections:
            for _ in range(FILES_AHEAD):
                self.hand_out(connection)
        open_connections = list(connections)
        while open_connections:
            for connection in wait(open_connections):
                try:
                    index, rendered = pickle.loads(connection.recv_bytes())
                except (EOFError, OSError):  # the worker has ended (a reset: with files it never took)
                    open_connections.remove(connection)
                    continue
                if rendered is not None:
                    self.results[self.paths[index]] = rendered
                self.hand_out(connection)
        return self.results

    def hand_out(self, connection) -> None:
        """The next file's index; once none is left, None, which ends the worker
        after the files it holds."""
        if self.next_index < len(self.paths):
            message, self.next_index = self.next_index, self.next_index + 1
        elif id(connection) not in self.told_to_end:
            message = None
            self.told_to_end.add(id(connection))
        else:
            return
        with suppress(OSError):  # a worker that died: its end of file is read in `run`
            connection.send(message)


def render_share(render_source, paths: list[str], connection) -> None:
    """In a worker: render each file handed out, send back its result."""
    records = collect_log_records()
    try:
        while (index := connection.recv()) is not None:
            connection.send_bytes(result_message(render_source, index, paths[index], records))
    finally:
        connection.close()


def result_message(render_source, index: int, path: str, records: list) -> bytes:
    """The file rendered, or None when anything failed: the build's process then
    reads it and meets the same error as it would have alone."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        rendered = Rendered(digest(raw), render_source(path, raw), [portable(record) for record in records])
        return pickle.dumps((index, rendered))
    except Exception:  # noqa: BLE001 (any failure is met again in the build's process)
        return pickle.dumps((index, None))
    finally:
        records.clear()


class RecordList(logging.Handler):
    def __init__(self, records: list):
        super().__init__()
        self.records = records

    def emit(self, record):
        self.records.append(record)


def collect_log_records() -> list:
    """In a worker: what is logged is kept, to be logged again by the build's process."""
    records = []
    logging.getLogger().handlers[:] = [RecordList(records)]
    return records


def portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message formatted, so that it can be pickled."""
    record.msg = record.getMessage()
    record.args = None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    return record
