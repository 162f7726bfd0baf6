"""Run Pagefind, through its Python API, over the search records of one build.

Pagefind reads the records from a temporary folder and hands its bundle back
in memory; this module writes the files itself. (Pagefind 1.5's own writer
returns before its files are complete, and its Python service stops it at
once, which left truncated files.) Imports nothing from Pelican.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import tempfile
from pathlib import Path

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from .canonical import canonicalize

BUNDLE_FOLDER = "pagefind"
# A whole bundle comes back as one message; the API's default buffer of 2 MiB
# holds the bundle of a few hundred pages only.
RESPONSE_LIMIT = 2**31 - 1
# What the search page loads; Pagefind's own UIs and highlighter are left out.
KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.")
KEPT_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


class RoomyPagefindService(PagefindService):
    """Pagefind's service with a response buffer large enough for any archive."""

    async def launch(self) -> RoomyPagefindService:
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


def is_kept(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith(KEPT_FILES) or name.endswith(KEPT_SUFFIXES)


async def _index_folder(folder: Path, language: str) -> dict[str, bytes]:
    service = await RoomyPagefindService().launch()
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


def build_bundle(records, language: str = "en") -> dict[str, bytes]:
    """Pagefind's bundle for these records: {path inside the bundle: bytes}."""
    with tempfile.TemporaryDirectory(prefix="archive-search-") as tmp:
        folder = Path(tmp)
        for record in records:
            path = folder / record.save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record.html, encoding="utf-8")
        bundle = _run(_index_folder(folder, language))
    return canonicalize({path: data for path, data in bundle.items() if is_kept(path)})


def write_bundle(bundle: dict[str, bytes], output: Path) -> Path:
    """Write the bundle into output/pagefind/, replacing any older one."""
    target = output / BUNDLE_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    for path, data in bundle.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
    return target
