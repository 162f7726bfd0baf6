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

import json

import cbor2

from .canonical import ENTRY_FILE, chunk_bytes, content_hash, read_chunk

# The metadata file holds [version, pages, index chunks, filters, sorts, meta fields];
# an index chunk is listed as [first word, last word, hash].
META_CHUNKS = 2
TARGET_BYTES = 32 * 1024


def word_runs(words: list, target: int) -> list[list]:
    """Consecutive runs of word entries, each at most `target` bytes before
    compression unless one word alone is heavier."""
    runs: list[list] = []
    size = 0
    for word in words:
        weight = len(cbor2.dumps(word))
        if runs and size + weight <= target:
            runs[-1].append(word)
            size += weight
        else:
            runs.append([word])
            size = weight
    return runs


def split_chunk(bundle: dict[str, bytes], language: str, listed: list, target: int) -> list[list]:
    """The metadata entries that replace one chunk; its files are rewritten when it is split."""
    path = f"index/{listed[2]}.pf_index"
    if len(bundle[path]) <= target:
        return [listed]
    chunk = read_chunk(bundle[path], path)
    runs = word_runs(chunk[0], target)
    if len(runs) == 1:
        return [listed]
    del bundle[path]
    entries = []
    for run in runs:
        data = chunk_bytes([run, *chunk[1:]])
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
