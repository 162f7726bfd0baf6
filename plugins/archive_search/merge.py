"""Merge the Pagefind bundles of several parts of the archive into one bundle.

Pagefind keeps every word of every page in memory until it writes, so a large
archive is indexed in parts, each by its own Pagefind process, and this module
joins their bundles. Pages are numbered in the order of the records (their
paths, sorted), whatever order Pagefind read a part's folder in, so the bundle
is the same, byte for byte, on any machine and for any size of part.

What Pagefind 1.5 writes (gzip of b"pagefind_dcd" + CBOR):
- `pagefind.<hash>.pf_meta`: [version, pages [[fragment hash, word count]],
  word chunks [[first word, last word, hash]], filters [[name, hash]], sorts,
  meta fields];
- `index/<hash>.pf_index`: [[word entry, ...]], a word entry being
  [word, pages, variants]; pages are [page delta, locations, meta locations]
  in page order, each page number given as the difference from the previous
  one; a variant (the word as written with accents) is [word, pages];
  meta locations are runs of positions, each run led by -(meta field + 1);
- `filter/<hash>.pf_filter`: [name, [[value, [page numbers]]]];
- `fragment/<hash>.pf_fragment`: one page's JSON (its URL, text, meta).
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import heapq
import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import cbor2

from .chunks import TARGET_BYTES, array_header, chunk_bounds, read_array_header, run_bytes, word_runs

SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
# What the search page loads; Pagefind's own UIs and highlighter are left out.
STATIC_FILES = ("pagefind.js", "pagefind-worker.js")
META_VERSION, META_PAGES, META_CHUNKS, META_FILTERS, META_SORTS, META_FIELDS = range(6)


def read_chunk(data: bytes, path: str):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def chunk_bytes(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def content_hash(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def page_url(save_as: str) -> str:
    """The URL Pagefind gives the page saved at `save_as`."""
    url = "/" + save_as.replace("\\", "/")
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class Names:
    """Content-hash file names, longer where two contents share a short one."""

    def __init__(self, language: str, length: int):
        self.language, self.length, self.taken = language, length, {}

    def name(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        length = self.length
        while self.taken.get(digest[:length], digest) != digest:
            length += 1
        self.taken[digest[:length]] = digest
        return f"{self.language}_{digest[:length]}"


@dataclass
class Part:
    """One part's bundle, {path inside the bundle: bytes}, and how its pages map
    to the whole archive's."""

    files: dict[str, bytes]
    meta: list
    global_page: list[int]  # the archive's page number of each of the part's pages
    field_map: list[int] | None = None  # the merged meta field of each of the part's, None when the same
    # The archive's number of the part's first page when the part's pages are the
    # archive's next ones, in order (Pagefind numbers pages in the order they are
    # added); None otherwise.
    offset: int | None = None

    def read(self, path: str):
        return read_chunk(self.files[path], path)


def read_entry(files: dict[str, bytes]) -> dict:
    return json.loads(files[ENTRY_FILE].decode("utf-8"))


def fragment_url(data: bytes) -> str:
    return json.loads(gzip.decompress(data)[len(SIGNATURE) :])["url"]


def open_part(files: dict[str, bytes], language: str, page_of_url: dict[str, int]) -> Part:
    entry = read_entry(files)["languages"][language]
    meta = read_chunk(files[f"pagefind.{entry['hash']}.pf_meta"], "pagefind.pf_meta")
    if meta[META_SORTS]:
        raise ValueError("the search records ask Pagefind for sort orders, which merging does not support")
    pages = []
    for fragment_hash, _ in meta[META_PAGES]:
        url = fragment_url(files[f"fragment/{fragment_hash}.pf_fragment"])
        if url not in page_of_url:
            raise ValueError(f"Pagefind indexed {url}, which is not a search record")
        pages.append(page_of_url[url])
    first = pages[0] if pages else 0
    offset = first if pages == list(range(first, first + len(pages))) else None
    return Part(files, meta, pages, offset=offset)


def renumbered(pages: list, part: Part) -> list:
    """A word's page entries with the archive's page numbers (absolute), in page order."""
    found, page = [], 0
    for delta, *rest in pages:
        page += delta
        if part.field_map is not None:
            rest[1] = [part.field_map[-value - 1] * -1 - 1 if value < 0 else value for value in rest[1]]
        found.append([part.global_page[page], *rest])
    found.sort(key=lambda entry: entry[0])
    return found


def as_deltas(entries: list) -> list:
    previous = 0
    for entry in entries:
        entry[0], previous = entry[0] - previous, entry[0]
    return entries


def chunk_entries(data: bytes, path: str):
    """(entry, its CBOR bytes) for every word entry of a chunk file, decoded one
    at a time; the bytes are None when the file is not laid out as expected."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    stream = io.BytesIO(raw)
    stream.seek(len(SIGNATURE))
    count = read_array_header(stream) == 1 and read_array_header(stream)
    if not count:
        yield from ((entry, None) for entry in cbor2.loads(raw[len(SIGNATURE) :])[0])
        return
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        start = stream.tell()
        entry = decoder.decode()
        yield entry, raw[start : stream.tell()]


def part_words(part: Part, number: int):
    """(word, part number, entry, its bytes) for every word of a part, in word
    order, one chunk in memory at a time."""
    for _, _, chunk_hash in part.meta[META_CHUNKS]:
        path = f"index/{chunk_hash}.pf_index"
        for entry, raw in chunk_entries(part.files[path], path):
            yield entry[0], number, entry, raw


def decoded_entry(word: str, found: list) -> bytes:
    """One word's entry over every part, decoded, renumbered and encoded again."""
    pages: list = []
    variants: dict[str, list] = {}
    for part, entry, _ in found:
        pages.extend(renumbered(entry[1], part))
        for variant, variant_pages in entry[2]:
            variants.setdefault(variant, []).extend(renumbered(variant_pages, part))
    for entries in variants.values():
        entries.sort(key=lambda item: item[0])
    pages.sort(key=lambda item: item[0])
    merged_variants = [[variant, as_deltas(variants[variant])] for variant in sorted(variants)]
    return cbor2.dumps([word, as_deltas(pages), merged_variants])


def joined_entry(word: str, found: list) -> bytes | None:
    """One word's entry over every part, its bytes joined without encoding the
    locations again: only the first page number of each part changes. None when
    a part's pages are not the archive's next ones, its meta fields differ,
    or the word has accented variants."""
    pieces, previous, count = [], 0, 0
    for part, entry, raw in found:
        pages = entry[1]
        if raw is None or part.offset is None or part.field_map is not None or entry[2] or len(entry) != 3:
            return None
        first = pages[0]
        # [word, pages, []]: the first page's entry starts after the word and the pages' head.
        tail = 1 + len(cbor2.dumps(word)) + len(array_header(len(pages)))
        tail += len(array_header(len(first))) + len(cbor2.dumps(first[0]))
        pieces.append(array_header(len(first)) + cbor2.dumps(part.offset + first[0] - previous) + raw[tail:-1])
        previous = part.offset + sum(page[0] for page in pages)
        count += len(pages)
    return array_header(3) + cbor2.dumps(word) + array_header(count) + b"".join(pieces) + array_header(0)


def merged_entry(word: str, found: list) -> bytes:
    """One word's entry over every part, the parts in page order."""
    return joined_entry(word, found) or decoded_entry(word, found)


def merged_words(parts: list[Part]):
    streams = [part_words(part, number) for number, part in enumerate(parts)]
    merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    for word, group in itertools.groupby(merged, key=lambda item: item[0]):
        yield word, merged_entry(word, [(parts[number], entry, raw) for _, number, entry, raw in group])


def write_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_word_chunks(parts: list[Part], target: Path, language: str, chunk_target: int, pool) -> list:
    """Every word chunk, written into target/index/; returns the metadata's list
    of chunks. Each run of words is compressed in the pool (zlib leaves Python's
    lock) while the next is merged."""
    (target / "index").mkdir(parents=True, exist_ok=True)
    packed = [
        (run[0][0], run[-1][0], pool.submit(run_bytes, run)) for run in word_runs(merged_words(parts), chunk_target)
    ]
    names = Names(language, 7)
    listed, files = [], []
    for first, last, compressed in packed:
        data = compressed.result()
        name = names.name(data)
        files.append((target / "index" / f"{name}.pf_index", data))
        listed.append([first, last, name])
    list(pool.map(write_file, *zip(*files, strict=True)))
    return chunk_bounds(listed)


def write_filters(parts: list[Part], target: Path, language: str) -> list:
    """Every filter, its values and pages in order, written into target/filter/;
    returns the metadata's list of filters, by name."""
    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for _, filter_hash in part.meta[META_FILTERS]:
            name, pairs = part.read(f"filter/{filter_hash}.pf_filter")
            for value, pages in pairs:
                values.setdefault(name, {}).setdefault(value, []).extend(part.global_page[page] for page in pages)
    (target / "filter").mkdir(parents=True, exist_ok=True)
    names = Names(language, 7)
    listed = []
    for name in sorted(values):
        pairs = [[value, sorted(pages)] for value, pages in sorted(values[name].items())]
        data = chunk_bytes([name, pairs])
        file_name = names.name(data)
        (target / "filter" / f"{file_name}.pf_filter").write_bytes(data)
        listed.append([name, file_name])
    return listed


def write_fragments(parts: list[Part], target: Path, language: str, page_count: int, pool) -> list:
    """Every page's fragment, named by its content, written into target/fragment/
    (by the pool's threads: creating thousands of files waits on the system);
    returns the metadata's list of pages, in the archive's page order."""
    found: list = [None] * page_count
    for part in parts:
        for local, (fragment_hash, word_count) in enumerate(part.meta[META_PAGES]):
            found[part.global_page[local]] = (part.files[f"fragment/{fragment_hash}.pf_fragment"], word_count)
    (target / "fragment").mkdir(parents=True, exist_ok=True)
    names = Names(language, 7)
    pages, files = [], []
    for data, word_count in found:
        name = names.name(data)
        files.append((target / "fragment" / f"{name}.pf_fragment", data))
        pages.append([name, word_count])
    list(pool.map(write_file, *zip(*files, strict=True)))
    return pages


def align_fields(parts: list[Part]) -> list[str]:
    """The meta fields of every part, sorted; each part learns where its own went."""
    fields = sorted({field for part in parts for field in part.meta[META_FIELDS]})
    for part in parts:
        own = part.meta[META_FIELDS]
        part.field_map = None if own == fields else [fields.index(field) for field in own]
    return fields


def write_static_files(files: dict[str, bytes], target: Path, wasm: str | None) -> None:
    names = [*STATIC_FILES, "wasm.unknown.pagefind"] + ([f"wasm.{wasm}.pagefind"] if wasm else [])
    for name in names:
        if name in files:
            (target / name).write_bytes(files[name])


def merge_bundles(
    bundles: list[dict[str, bytes]],
    urls: list[str],
    target: Path,
    language: str = "en",
    chunk_target: int = TARGET_BYTES,
    threads: int = 4,
) -> None:
    """Write into `target` one bundle of the parts' bundles ({path inside the
    bundle: bytes}), whose pages are, together, those at `urls`, numbered in
    that order."""
    page_of_url = {url: number for number, url in enumerate(urls)}
    parts = [open_part(files, language, page_of_url) for files in bundles]
    indexed = sorted(page for part in parts for page in part.global_page)
    if indexed != list(range(len(urls))):
        raise ValueError("Pagefind did not index every search record once")
    target.mkdir(parents=True, exist_ok=True)
    first = parts[0].meta
    meta = [first[META_VERSION], [], [], [], [], align_fields(parts)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        meta[META_PAGES] = write_fragments(parts, target, language, len(urls), pool)
        meta[META_CHUNKS] = write_word_chunks(parts, target, language, chunk_target, pool)
    meta[META_FILTERS] = write_filters(parts, target, language)
    data = chunk_bytes(meta)
    meta_hash = content_hash(language, data, 10)
    (target / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
    entry = read_entry(bundles[0])
    details = entry["languages"][language]
    entry["languages"] = {language: {**details, "hash": meta_hash, "page_count": len(urls)}}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (target / ENTRY_FILE).write_text(text, encoding="utf-8")
    write_static_files(bundles[0], target, details.get("wasm"))
