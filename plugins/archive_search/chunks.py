"""Split Pagefind's word-index chunks so that a query fetches less.

A query fetches every chunk whose range of words holds one of its words. On a
large archive a common word's entry alone weighs tens of kilobytes, and
Pagefind packs such words together: a query for "security" then also fetched
the chunk of "separate". This module repacks each chunk larger than a target
into runs of words under that size, a heavy word alone, in the same order, and
lists the new chunks in the metadata file with their first and last words as
bounds. It works on the bundle in memory: {path inside the bundle: bytes}.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import gzip
import io
import json

import cbor2

from .canonical import ENTRY_FILE, SIGNATURE, chunk_bytes, content_hash, read_chunk

# The metadata file holds [version, pages, index chunks, filters, sorts, meta fields];
# an index chunk is listed as [first word, last word, hash]. A chunk file holds
# [[word entry, ...]], each entry starting with its word.
META_CHUNKS = 2
TARGET_BYTES = 32 * 1024
ARRAY = 4  # CBOR's major type for arrays


def array_header(length: int) -> bytes:
    """The CBOR head of an array of `length` items."""
    if length < 24:
        return bytes([ARRAY << 5 | length])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([ARRAY << 5 | code]) + length.to_bytes(size, "big")
    raise ValueError(f"an array of {length} items is too long for CBOR")


def read_array_header(stream) -> int | None:
    first = stream.read(1)[0]
    if first >> 5 != ARRAY:
        return None
    code = first & 0x1F
    if code < 24:
        return code
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    return int.from_bytes(stream.read(sizes[code]), "big") if code in sizes else None


def chunk_words(raw: bytes) -> list[tuple[str, bytes]] | None:
    """(word, its entry's CBOR bytes) in order, read without re-encoding; None
    when the chunk is not one array of word entries."""
    if not raw.startswith(SIGNATURE):
        return None
    stream = io.BytesIO(raw)
    stream.seek(len(SIGNATURE))
    if read_array_header(stream) != 1:
        return None
    count = read_array_header(stream)
    if count is None:
        return None
    decoder = cbor2.CBORDecoder(stream)
    words = []
    for _ in range(count):
        start = stream.tell()
        entry = decoder.decode()
        words.append((entry[0], raw[start : stream.tell()]))
    return words if stream.tell() == len(raw) else None


def word_runs(words: list[tuple[str, bytes]], target: int) -> list[list[tuple[str, bytes]]]:
    """Consecutive runs of words, each at most `target` bytes before compression
    unless one word alone is heavier."""
    runs: list[list] = []
    size = 0
    for word in words:
        weight = len(word[1])
        if runs and size + weight <= target:
            runs[-1].append(word)
            size += weight
        else:
            runs.append([word])
            size = weight
    return runs


def run_bytes(run: list[tuple[str, bytes]]) -> bytes:
    raw = SIGNATURE + array_header(1) + array_header(len(run)) + b"".join(entry for _, entry in run)
    # Level 6: as small as 9 within half a percent on these files, twice as fast.
    return gzip.compress(raw, compresslevel=6, mtime=0)


def split_chunk(bundle: dict[str, bytes], language: str, listed: list, target: int) -> list[list]:
    """The metadata entries that replace one chunk; its files are rewritten when it is split."""
    path = f"index/{listed[2]}.pf_index"
    if len(bundle[path]) <= target:
        return [listed]
    words = chunk_words(gzip.decompress(bundle[path]))
    if words is None:
        return [listed]
    runs = word_runs(words, target)
    if len(runs) == 1:
        return [listed]
    del bundle[path]
    entries = []
    for run in runs:
        data = run_bytes(run)
        name = content_hash(language, data, 7)
        bundle[f"index/{name}.pf_index"] = data
        entries.append([run[0][0], run[-1][0], name])
    return entries


def split_word_chunks(bundle: dict[str, bytes], target: int = TARGET_BYTES) -> dict[str, bytes]:
    """The bundle with every word chunk of more than `target` compressed bytes
    repacked into runs of at most `target` bytes before compression."""
    bundle = dict(bundle)
    entry = json.loads(bundle[ENTRY_FILE].decode("utf-8"))
    for language, details in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{details['hash']}.pf_meta"
        meta = read_chunk(bundle[meta_path], meta_path)
        meta[META_CHUNKS] = [
            new for listed in meta[META_CHUNKS] for new in split_chunk(bundle, language, listed, target)
        ]
        bundle[meta_path] = chunk_bytes(meta)
    return bundle
