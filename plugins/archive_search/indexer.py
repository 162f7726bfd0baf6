"""Run Pagefind, through its Python API, over the search records of one build.

Pagefind holds every word of every page it indexes until it writes, about
0.2 MB a page: a large archive is therefore indexed in parts of bounded size,
each by a Pagefind process of its own (as many at once as the build may use
processes). The records go to Pagefind through its API, with their URLs, and
each part's bundle comes back in memory (Pagefind 1.5's own writer returns
before its files are complete, and its Python service stops it at once, which
left truncated files); then the parts' bundles are merged into one and written
(archive_search.merge). Imports nothing from Pelican.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from .bundle import page_url
from .chunks import TARGET_BYTES
from .merge import Merger

BUNDLE_FOLDER = "pagefind"
# Characters of record HTML a Pagefind process indexes at most (one record
# more only when one record alone is longer): about 6 MB of HTML, 600 explainers
# or summaries, keep its peak near 130 MB.
PART_CHARS = 6_000_000
# A part's whole bundle comes back as one message; the API's default buffer
# of 2 MiB holds the bundle of a few hundred pages only.
RESPONSE_LIMIT = 2**31 - 1
# Pagefind's own UIs and highlighter, which the search page does not load.
LEFT_OUT = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


@dataclass(frozen=True)
class IndexSettings:
    language: str = "en"
    chunk_target: int = TARGET_BYTES
    part_chars: int = PART_CHARS
    workers: int = 1


class ArchivePagefindService(PagefindService):
    """Pagefind's service with a response buffer large enough for any archive,
    reading each response as soon as it comes (the API's own reader sleeps
    0.1 s before each one, which every small build in the tests would pay),
    and sending requests without formatting them for the log."""

    async def launch(self) -> ArchivePagefindService:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            limit=RESPONSE_LIMIT,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def _wait_for_responses(self) -> None:
        try:
            while True:
                message = await self._backend.stdout.readuntil(b",")
                self._answer(json.loads(base64.b64decode(message[:-1])))
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            self._fail_waiting(RuntimeError(f"Pagefind stopped answering ({error})"))

    def _answer(self, response: dict) -> None:
        payload = response["payload"]
        message_id = response.get("message_id")
        if message_id is None:  # a message Pagefind could not read: it cannot say whose
            self._fail_waiting(RuntimeError(payload.get("message", "Pagefind could not read a request")))
            return
        future = self._responses.get(message_id)
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(RuntimeError(payload["message"]))
        else:
            future.set_result(payload)

    async def send(self, payload: dict) -> dict:
        """The API's own send, without its debug lines, which format every
        request, a whole page of HTML, even when nothing is logged."""
        self._message_id += 1
        future = self._loop.create_future()
        self._responses[self._message_id] = future
        request = {"message_id": self._message_id, "payload": payload}
        self._backend.stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        await self._backend.stdin.drain()
        return await future

    async def close(self) -> None:
        """Stop Pagefind; every answer has been read by then (the API's own close
        raises a failed request's error again and leaves the process running)."""
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.terminate()
        await self._backend.wait()

    def _fail_waiting(self, error: Exception) -> None:
        for future in self._responses.values():
            if not future.done():
                future.set_exception(error)


def record_parts(records, part_chars: int):
    """Consecutive runs of the records, each of at most `part_chars` characters
    of HTML unless one record alone is longer, each run made when it is asked
    for; one empty run when there are no records (Pagefind still writes its
    code and an empty index)."""
    part: list = []
    size = 0
    for record in records:
        if part and size + len(record.html) > part_chars:
            yield part
            part, size = [], 0
        part.append(record)
        size += len(record.html)
    yield part


def kept_files(files: list[dict]) -> dict[str, bytes]:
    kept = {}
    for file in files:
        path = file["path"].replace("\\", "/")
        if not path.rsplit("/", 1)[-1].startswith(LEFT_OUT):
            kept[path] = file["content"]
    return kept


async def _index_part(records, language: str, running: asyncio.Semaphore) -> dict[str, bytes]:
    async with running:
        service = await ArchivePagefindService().launch()
        try:
            index = await service.create_index(IndexConfig(force_language=language))
            await asyncio.gather(
                *(index.add_html_file(content=record.html, url=page_url(record.save_as)) for record in records)
            )
            files = await index.get_files()
        finally:
            await service.close()
    return kept_files(files)


async def _index_parts(parts, language: str, workers: int, merger: Merger) -> None:
    """Index the parts, `workers` at a time, each made (in a thread) while the
    ones before it are indexed, and hand each bundle to the merger in order as
    soon as it and those before it are back."""
    running = asyncio.Semaphore(workers)
    loop = asyncio.get_running_loop()
    started: asyncio.Queue = asyncio.Queue()
    indexing: set = set()

    async def start_parts() -> None:
        try:
            iterator = iter(parts)
            while (part := await loop.run_in_executor(None, next, iterator, None)) is not None:
                task = asyncio.create_task(_index_part(part, language, running))
                indexing.add(task)
                started.put_nowait(task)
        finally:
            started.put_nowait(None)

    making = asyncio.create_task(start_parts())
    try:
        while (task := await started.get()) is not None:
            files = await task
            indexing.discard(task)  # a finished task keeps its result: let go of the bundle once merged
            await loop.run_in_executor(None, merger.add, files)
            del files
        await making
    except BaseException:
        for waiting in (making, *indexing):
            waiting.cancel()
        await asyncio.gather(making, *indexing, return_exceptions=True)
        raise


def _run(coroutine):
    # A fresh thread has no running event loop, even when the build runs
    # inside one (livereload's server).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def write_bundle(records, output: Path, settings: IndexSettings) -> Path:
    """Pagefind's bundle for these records (sorted by path: a list, or
    archive_search.records.SearchRecords, which makes each when reached),
    written into output/pagefind/ in place of any older one."""
    target = output / BUNDLE_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    paths = records.paths if hasattr(records, "paths") else [record.save_as for record in records]
    urls = [page_url(path) for path in paths]
    with Merger(urls, target, settings.language, settings.chunk_target) as merger:
        _run(_index_parts(record_parts(records, settings.part_chars), settings.language, settings.workers, merger))
        merger.finish()
    return target
