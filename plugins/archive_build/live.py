"""`invoke livereload`: rebuild on every save and reload the browser.

Every build keeps Pelican's content cache, so a file that did not change is
not read again. Saving a few existing documents takes the fast path, a
preview: every file is still linked as in a full build (references, mentions,
positions, so problems are still reported), but only the pages of the saved
files are written, into the served folder. Lists, entity pages, feeds and the
search index are left as they were until the next full build, which any other
change starts: a new or deleted file, or a change to a template, a plugin or
the settings. Plugins see `ARCHIVE_PREVIEW` set to True during a preview and
skip whole-site output.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican, signals
from pelican.writers import Writer

from archive_model.problems import ContentError

from .runner import build_site, load_settings, setup_logging

PREVIEW_LIMIT = 5  # more saved files than this at once: build everything


def cache_overrides(cache: Path) -> dict:
    """Pelican's content cache, uncompressed: fast to load on every save."""
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "GZIP_CACHE": False,
        "CACHE_PATH": str(cache),
    }


@dataclass
class Changes:
    modified: list[str]
    added_or_removed: bool

    def previewable(self) -> bool:
        return bool(self.modified) and not self.added_or_removed and len(self.modified) <= PREVIEW_LIMIT


class ContentWatch:
    """The modification times of every file under a folder, to tell what a save changed."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.mtimes = self.scan()

    def scan(self) -> dict[str, float]:
        found = {}
        for directory, _, names in os.walk(self.folder):
            for name in names:
                path = os.path.join(directory, name)
                try:
                    found[os.path.realpath(path)] = os.stat(path).st_mtime_ns
                except FileNotFoundError:
                    continue
        return found

    def changes(self) -> Changes:
        now = self.scan()
        modified = sorted(path for path, mtime in now.items() if self.mtimes.get(path, mtime) != mtime)
        added_or_removed = now.keys() != self.mtimes.keys()
        self.mtimes = now
        return Changes(modified, added_or_removed)


class SelectiveWriter(Writer):
    """Writes only the pages of the given source files; no lists, no feeds."""

    def __init__(self, output_path, settings=None, sources=()):
        super().__init__(output_path, settings=settings)
        self.sources = set(sources)

    def write_file(self, name, template, context, *args, **kwargs):
        content = kwargs.get("article") or kwargs.get("page")
        if content is None or os.path.realpath(content.source_path) not in self.sources:
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *args, **kwargs):
        return None


class PreviewPelican(Pelican):
    """Pelican whose writer writes only the pages in settings["ARCHIVE_PREVIEW_SOURCES"]."""

    def _get_writer(self):
        signals.get_writer.send(self)  # a receiver may stop the build before writing
        sources = self.settings["ARCHIVE_PREVIEW_SOURCES"]
        return SelectiveWriter(self.output_path, settings=self.settings, sources=sources)


class LiveBuilder:
    """What one `invoke livereload` session builds on each save."""

    def __init__(self, settings_file: Path, output: Path, content: Path | None, cache: Path):
        self.settings_file = settings_file
        self.output = Path(output)
        self.content = content
        # what plugins keep from one build of the session to the next (linked texts)
        self.overrides = {**cache_overrides(cache), "ARCHIVE_SESSION": {}}
        path = content or load_settings(settings_file, self.overrides)["PATH"]
        self.watch = ContentWatch(Path(path))

    def full(self) -> None:
        self.watch.changes()
        self._build("Built the site", {})

    def content_saved(self) -> None:
        changes = self.watch.changes()
        if not changes.previewable():
            self._build("Built the site", {})
            return
        overrides = {"ARCHIVE_PREVIEW": True, "ARCHIVE_PREVIEW_SOURCES": changes.modified, "SEARCH_INDEX": False}
        names = ", ".join(os.path.basename(path) for path in changes.modified)
        self._build(f"Previewed {names} (other pages update on the next full build)", overrides, PreviewPelican)

    def _build(self, done: str, overrides: dict, pelican_class=None) -> None:
        start = time.perf_counter()
        try:
            result = build_site(
                self.settings_file,
                content=self.content,
                output=self.output,
                overrides={**self.overrides, **overrides},
                swap=pelican_class is None,
                pelican_class=pelican_class,
            )
        except ContentError as error:
            for line in getattr(error, "all_lines", error.lines()):
                print(line, flush=True)
            print(error, flush=True)
            return
        for line in result.warnings():
            print(line, flush=True)
        print(f"{done} in {time.perf_counter() - start:.2f} s.", flush=True)


def run_livereload(
    root: Path,
    settings_file: Path,
    output: Path,
    port: int,
    content: Path | None = None,
    cache: Path | None = None,
) -> None:
    from livereload import Server  # noqa: PLC0415

    setup_logging()
    builder = LiveBuilder(settings_file, output, content, cache or root / ".cache")
    builder.full()
    server = Server()
    server.watch(str(builder.watch.folder), builder.content_saved)
    for folder in ("themes", "plugins"):
        server.watch(str(root / folder), builder.full)
    server.watch(str(settings_file), builder.full)
    server.serve(root=str(output), port=port, host="127.0.0.1")
