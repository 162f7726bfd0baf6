"""Merge the Pagefind bundles of several parts of the archive into one bundle.

Pagefind keeps every word of every page in memory until it writes, so a large
archive is indexed in parts, each by its own Pagefind process, and a `Merger`
joins their bundles ({path inside the bundle: bytes}, the format is described
in archive_search.bundle). Each part is taken in as soon as it comes back, in
page order: its fragments are written, its filters and word entries kept;
`finish()` then writes the word index, the filters and the metadata. Pages
are numbered in the order of the records (their paths, sorted), whatever
order Pagefind gave them, so the bundle is the same, byte for byte, for any
size of part. Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import concurrent.futures
import heapq
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import (
    ENTRY_FILE,
    META_CHUNKS,
    META_FIELDS,
    META_FILTERS,
    META_PAGES,
    META_SORTS,
    META_VERSION,
    Names,
    chunk_bytes,
    content_hash,
    fragment_url,
    read_chunk,
    read_entry,
)
from .chunks import TARGET_BYTES, chunk_bounds, run_bytes, word_runs
from .words import WORD, merged_entry, part_words

# What the search page loads; Pagefind's own UIs and highlighter are left out.
STATIC_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")


@dataclass
class Part:
    """What is kept of one part's bundle, and how its pages map to the archive's."""

    meta: list
    global_page: list[int]  # the archive's page number of each of the part's pages
    words: list = field(default_factory=list)  # archive_search.words' kept words, in word order
    field_map: list[int] | None = None  # the merged meta field of each of the part's, None when the same

    @property
    def offset(self) -> int | None:
        """The archive's number of the part's first page when the part's pages
        are the archive's next ones in order (Pagefind numbers pages in the
        order they are added); None otherwise."""
        first = self.global_page[0] if self.global_page else 0
        return first if self.global_page == list(range(first, first + len(self.global_page))) else None


def write_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def numbered_words(part: Part, number: int):
    return ((kept[WORD], number, kept) for kept in part.words)


class Merger:
    """Joins the bundles of the parts, given in page order, into one bundle in `target`."""

    def __init__(self, urls: list[str], target: Path, language: str = "en", chunk_target: int = TARGET_BYTES):
        self.page_of_url = {url: number for number, url in enumerate(urls)}
        self.target, self.language, self.chunk_target = target, language, chunk_target
        self.parts: list[Part] = []
        self.pages: list = [None] * len(urls)
        self.filters: dict[str, dict[str, list[int]]] = {}
        self.fragment_names = Names(language, 7)
        self.first_files: dict[str, bytes] = {}
        # Creating thousands of files and compressing leave Python's lock: threads overlap them.
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=4)
        self.writing: list = []
        for folder in ("fragment", "index", "filter"):
            (target / folder).mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> Merger:
        return self

    def __exit__(self, *exc_info) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def add(self, files: dict[str, bytes]) -> None:
        """Take in the next part's bundle."""
        languages = read_entry(files)["languages"]
        if not self.first_files:
            wasm = languages.get(self.language, {}).get("wasm")
            kept = {ENTRY_FILE, *STATIC_FILES, f"wasm.{wasm}.pagefind"}
            self.first_files = {name: data for name, data in files.items() if name in kept}
        if self.language not in languages:  # Pagefind was given no page
            return
        entry = languages[self.language]
        meta = read_chunk(files[f"pagefind.{entry['hash']}.pf_meta"], "pagefind.pf_meta")
        if meta[META_SORTS]:
            raise ValueError("the search records ask Pagefind for sort orders, which merging does not support")
        part = Part(meta, [self.page_number(files, fragment_hash) for fragment_hash, _ in meta[META_PAGES]])
        self.add_fragments(files, part)
        self.add_filters(files, part)
        chunks = [(f"index/{name}.pf_index", files[f"index/{name}.pf_index"]) for _, _, name in meta[META_CHUNKS]]
        part.words = part_words(chunks, part.offset)
        self.parts.append(part)

    def page_number(self, files: dict[str, bytes], fragment_hash: str) -> int:
        url = fragment_url(files[f"fragment/{fragment_hash}.pf_fragment"])
        if url not in self.page_of_url:
            raise ValueError(f"Pagefind indexed {url}, which is not a search record")
        return self.page_of_url[url]

    def add_fragments(self, files: dict[str, bytes], part: Part) -> None:
        """Write the part's fragments, named by their content, in page order."""
        found = sorted(zip(part.global_page, part.meta[META_PAGES], strict=True))
        for page, (fragment_hash, word_count) in found:
            data = files[f"fragment/{fragment_hash}.pf_fragment"]
            name = self.fragment_names.name(data)
            self.pages[page] = [name, word_count]
            path = self.target / "fragment" / f"{name}.pf_fragment"
            self.writing.append(self.pool.submit(write_file, path, data))

    def add_filters(self, files: dict[str, bytes], part: Part) -> None:
        for _, filter_hash in part.meta[META_FILTERS]:
            name, pairs = read_chunk(files[f"filter/{filter_hash}.pf_filter"], "pf_filter")
            for value, pages in pairs:
                self.filters.setdefault(name, {}).setdefault(value, []).extend(part.global_page[p] for p in pages)

    def finish(self) -> None:
        """Write the word index, the filters, the metadata and Pagefind's code."""
        if any(page is None for page in self.pages) or sum(len(p.global_page) for p in self.parts) != len(self.pages):
            raise ValueError("Pagefind did not index every search record once")
        if not self.parts:  # no page at all: Pagefind's code and an index without languages
            self.write_entry(None)
            return
        meta = [self.parts[0].meta[META_VERSION], self.pages, [], [], [], self.align_fields()]
        meta[META_CHUNKS] = self.write_word_chunks()
        meta[META_FILTERS] = self.write_filters()
        data = chunk_bytes(meta)
        meta_hash = content_hash(self.language, data, 10)
        self.writing.append(self.pool.submit(write_file, self.target / f"pagefind.{meta_hash}.pf_meta", data))
        self.write_entry(meta_hash)
        for future in self.writing:
            future.result()

    def align_fields(self) -> list[str]:
        """The meta fields of every part, sorted; each part learns where its own went."""
        fields = sorted({name for part in self.parts for name in part.meta[META_FIELDS]})
        for part in self.parts:
            own = part.meta[META_FIELDS]
            part.field_map = None if own == fields else [fields.index(name) for name in own]
        return fields

    def merged_words(self):
        """(word, its entry over every part), in word order."""
        streams = [numbered_words(part, number) for number, part in enumerate(self.parts)]
        merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
        for word, group in itertools.groupby(merged, key=lambda item: item[0]):
            yield word, merged_entry(word, [(self.parts[number], kept) for _, number, kept in group])

    def write_word_chunks(self) -> list:
        """Every word chunk, each run compressed while the next is merged; returns
        the metadata's list of chunks."""
        runs = word_runs(self.merged_words(), self.chunk_target)
        packed = [(run[0][0], run[-1][0], self.pool.submit(run_bytes, run)) for run in runs]
        names = Names(self.language, 7)
        listed = []
        for first, last, compressed in packed:
            data = compressed.result()
            name = names.name(data)
            self.writing.append(self.pool.submit(write_file, self.target / "index" / f"{name}.pf_index", data))
            listed.append([first, last, name])
        return chunk_bounds(listed)

    def write_filters(self) -> list:
        """Every filter, its values and pages in order; returns the metadata's list of filters."""
        names = Names(self.language, 7)
        listed = []
        for name in sorted(self.filters):
            pairs = [[value, sorted(pages)] for value, pages in sorted(self.filters[name].items())]
            data = chunk_bytes([name, pairs])
            file_name = names.name(data)
            (self.target / "filter" / f"{file_name}.pf_filter").write_bytes(data)
            listed.append([name, file_name])
        return listed

    def write_entry(self, meta_hash: str | None) -> None:
        entry = read_entry(self.first_files)
        if meta_hash is not None:
            details = entry["languages"][self.language]
            entry["languages"] = {self.language: {**details, "hash": meta_hash, "page_count": len(self.pages)}}
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        (self.target / ENTRY_FILE).write_text(text, encoding="utf-8")
        for name, data in sorted(self.first_files.items()):
            if name != ENTRY_FILE:
                (self.target / name).write_bytes(data)


def merge_bundles(bundles, urls: list[str], target: Path, language: str = "en", chunk_target: int = TARGET_BYTES):
    """Write into `target` one bundle of the parts' bundles, given in page order,
    whose pages are, together, those at `urls`, numbered in that order."""
    with Merger(urls, target, language, chunk_target) as merger:
        for files in bundles:
            merger.add(files)
        merger.finish()
