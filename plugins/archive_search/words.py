"""Each word's entry in the parts' indexes, joined into one entry for the archive.

A part's word entries are read once, when the part comes back from Pagefind,
and kept as their CBOR bytes with what joining needs: the archive's number of
the word's first and last page in the part. Joining a word's entries then
only rewrites the first page number of each part (page numbers are
differences from the previous page), and copies the locations as they are.
An entry that cannot be joined so (a part whose pages Pagefind numbered in
another order, meta fields numbered otherwise, accented variants) is decoded,
renumbered and encoded again. Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import gzip
import io

import cbor2

from .bundle import SIGNATURE
from .chunks import array_header, read_array_header

# What is kept of a word entry of a part: (word, CBOR bytes, number of pages,
# first page, last page, where the bytes after the first page number start,
# the head of the first page's entry); the number of pages is None when the
# entry must be decoded to be joined.
WORD, RAW, COUNT, FIRST, LAST, TAIL, LEAD = range(7)


def chunk_entries(data: bytes, path: str):
    """(entry, its CBOR bytes) for every word entry of a chunk file, decoded one at a time."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    stream = io.BytesIO(raw)
    stream.seek(len(SIGNATURE))
    count = read_array_header(stream) == 1 and read_array_header(stream)
    if not count:
        yield from ((entry, cbor2.dumps(entry)) for entry in cbor2.loads(raw[len(SIGNATURE) :])[0])
        return
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        start = stream.tell()
        entry = decoder.decode()
        yield entry, raw[start : stream.tell()]


def kept_word(entry: list, raw: bytes, offset: int | None) -> tuple:
    """What is kept of a part's word entry; `offset` is the archive's number of
    the part's first page, None when the part's pages are not in the archive's order."""
    word, pages = entry[0], entry[1]
    if offset is None or len(entry) != 3 or entry[2] or not pages:
        return (word, raw, None, 0, 0, 0, b"")
    first = pages[0]
    lead = array_header(len(first))
    tail = len(array_header(3)) + len(cbor2.dumps(word)) + len(array_header(len(pages)))
    tail += len(lead) + len(cbor2.dumps(first[0]))
    last = offset + sum(page[0] for page in pages)
    return (word, raw, len(pages), offset + first[0], last, tail, lead)


def part_words(chunks: list[tuple[str, bytes]], offset: int | None) -> list[tuple]:
    """What is kept of every word entry of a part's chunk files, in word order."""
    return [kept_word(entry, raw, offset) for path, data in chunks for entry, raw in chunk_entries(data, path)]


def joined_entry(word: str, found: list) -> bytes | None:
    """One word's entry over the parts, [(part, kept word)] in page order, joined
    as bytes; None when one of them must be decoded."""
    pieces, previous, count = [], 0, 0
    for part, kept in found:
        if kept[COUNT] is None or part.field_map is not None:
            return None
        pieces.append(kept[LEAD] + cbor2.dumps(kept[FIRST] - previous) + kept[RAW][kept[TAIL] : -1])
        previous = kept[LAST]
        count += kept[COUNT]
    return array_header(3) + cbor2.dumps(word) + array_header(count) + b"".join(pieces) + array_header(0)


def renumbered(pages: list, part) -> list:
    """A word's page entries with the archive's page numbers (absolute) and meta
    fields, in page order."""
    found, page = [], 0
    for delta, *rest in pages:
        page += delta
        if part.field_map is not None:
            rest[1] = [part.field_map[-value - 1] * -1 - 1 if value < 0 else value for value in rest[1]]
        found.append([part.global_page[page], *rest])
    found.sort(key=lambda item: item[0])
    return found


def as_deltas(entries: list) -> list:
    previous = 0
    for entry in entries:
        entry[0], previous = entry[0] - previous, entry[0]
    return entries


def decoded_entry(word: str, found: list) -> bytes:
    """One word's entry over the parts, decoded, renumbered and encoded again;
    accented variants merged and listed in order."""
    pages: list = []
    variants: dict[str, list] = {}
    for part, kept in found:
        entry = cbor2.loads(kept[RAW])
        pages.extend(renumbered(entry[1], part))
        for variant, variant_pages in entry[2]:
            variants.setdefault(variant, []).extend(renumbered(variant_pages, part))
    for entries in variants.values():
        entries.sort(key=lambda item: item[0])
    pages.sort(key=lambda item: item[0])
    merged_variants = [[variant, as_deltas(variants[variant])] for variant in sorted(variants)]
    return cbor2.dumps([word, as_deltas(pages), merged_variants])


def merged_entry(word: str, found: list) -> bytes:
    return joined_entry(word, found) or decoded_entry(word, found)
