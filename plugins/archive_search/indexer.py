"""Run Pagefind, through its Python API, over the search records of one build.

Pagefind reads the records from a temporary folder and hands its bundle back
in memory; this module writes the files itself. (Pagefind 1.5's own writer
returns before its files are complete, and its Python service stops it at
once, which left truncated files.) Imports nothing from Pelican.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import shutil
import tempfile
from pathlib import Path

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from .canonical import canonicalize
from .chunks import TARGET_BYTES, split_word_chunks

BUNDLE_FOLDER = "pagefind"
# A whole bundle comes back as one message; the API's default buffer of 2 MiB
# holds the bundle of a few hundred pages only.
RESPONSE_LIMIT = 2**31 - 1
# What the search page loads; Pagefind's own UIs and highlighter are left out.
KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.")
KEPT_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


class ArchivePagefindService(PagefindService):
    """Pagefind's service with a response buffer large enough for any archive,
    reading each response as soon as it comes (the API's own reader sleeps
    0.1 s before each one, which every small build in the tests would pay)."""

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


def is_kept(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith(KEPT_FILES) or name.endswith(KEPT_SUFFIXES)


async def _index_folder(folder: Path, language: str) -> dict[str, bytes]:
    service = await ArchivePagefindService().launch()
    try:
        index = await service.create_index(IndexConfig(force_language=language))
        await index.add_directory(str(folder))
        files = await index.get_files()
    finally:
        await service.close()
    return {file["path"].replace("\\", "/"): file["content"] for file in files}


def _run(coroutine):
    # A fresh thread has no running event loop, even when the build runs
    # inside one (livereload's server).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def build_bundle(records, language: str = "en", chunk_target: int = TARGET_BYTES) -> dict[str, bytes]:
    """Pagefind's bundle for these records: {path inside the bundle: bytes}."""
    with tempfile.TemporaryDirectory(prefix="archive-search-") as tmp:
        folder = Path(tmp)
        for record in records:
            path = folder / record.save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record.html, encoding="utf-8")
        bundle = _run(_index_folder(folder, language))
    kept = {path: data for path, data in bundle.items() if is_kept(path)}
    return canonicalize(split_word_chunks(kept, chunk_target))


def write_bundle(bundle: dict[str, bytes], output: Path) -> Path:
    """Write the bundle into output/pagefind/, replacing any older one."""
    target = output / BUNDLE_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    for path, data in bundle.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
    return target
