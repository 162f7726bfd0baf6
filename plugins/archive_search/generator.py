"""A Pelican generator that writes the search index after every page is known."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican.generators import Generator

from archive_model import problem_log
from archive_model.problems import ERROR, Problem
from archive_model.workers import worker_count

from .chunks import TARGET_BYTES
from .records import SearchRecords

logger = logging.getLogger(__name__)

ENTITY_LISTS = ("actors", "demands", "topics")


def records_from_context(context) -> SearchRecords:
    archive = context.get("archive")
    positions_in = archive.positions_in if archive is not None else (lambda document: ())
    entities = [entity for key in ENTITY_LISTS for entity in context.get(key, [])]
    return SearchRecords(context.get("articles", []), entities, positions_in)


def index_settings(settings):
    # Imported here, so that a missing Pagefind stops the build with a sentence
    # rather than keeping the whole plugin from loading.
    from .indexer import PART_CHARS, IndexSettings  # noqa: PLC0415

    return IndexSettings(
        chunk_target=settings.get("SEARCH_CHUNK_BYTES", TARGET_BYTES),
        part_chars=settings.get("SEARCH_PART_CHARS", PART_CHARS),
        workers=worker_count(settings),
    )


def write_search_index(records, output: Path, settings) -> None:
    """Pagefind's bundle for these records, written into output/pagefind/."""
    from .indexer import write_bundle  # noqa: PLC0415

    write_bundle(records, output, index_settings(settings))


def index_failed(error: Exception) -> Problem:
    return Problem(
        "requirements.txt",
        0,
        f"The search index could not be built: {error}",
        "Install the build's requirements with `python3 -m pip install -r requirements.txt`, "
        "which include Pagefind, then build again",
        ERROR,
    )


class SearchIndexGenerator(Generator):
    """Indexes articles, summaries, actors, demands and topics with Pagefind into
    output/pagefind/, and records the time it took as ARCHIVE_TIMINGS["search_index"]."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        # A livereload preview writes only the saved pages; the index waits for a full build.
        if not self.settings.get("SEARCH_INDEX", True) or self.settings.get("ARCHIVE_PREVIEW"):
            return
        start = time.perf_counter()
        records = records_from_context(self.context)
        try:
            write_search_index(records, Path(self.output_path), self.settings)
        except Exception as error:  # noqa: BLE001 - any failure of the indexer is reported, not raised
            logger.debug("archive_search: Pagefind failed", exc_info=True)
            problem_log(self.settings).add(index_failed(error))
            return
        elapsed = time.perf_counter() - start
        self.settings.setdefault("ARCHIVE_TIMINGS", {})["search_index"] = elapsed
        logger.info("archive_search: indexed %s pages in %.2f s", len(records), elapsed)


def get_generators(pelican):
    return SearchIndexGenerator
