"""Make Pagefind's bundle the same, byte for byte, for the same content.

Pagefind 1.5 writes its word index and fragments in a stable order, but the
filter files and the metadata file list filters and their values in hash-map
order, which changes from run to run (Pagefind issue #638). This module
rewrites those files in sorted order and names them after what they hold.
It works on the bundle in memory: {path inside the bundle: bytes}.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
# The metadata file holds [version, pages, index chunks, filters, sorts, meta fields].
META_FILTERS = 3


def read_chunk(data: bytes, path: str):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def chunk_bytes(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def content_hash(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def sorted_filter(chunk):
    """[name, [[value, [pages]], ...]] with values and pages in order."""
    name, values = chunk
    return [name, sorted([value, sorted(pages)] for value, pages in values)]


def rewrite_filters(bundle: dict[str, bytes], language: str, filters: list) -> list:
    """Rewrite each filter file in sorted order; returns [[name, new hash]] sorted by name."""
    renamed = []
    for name, old_hash in filters:
        old_path = f"filter/{old_hash}.pf_filter"
        data = chunk_bytes(sorted_filter(read_chunk(bundle.pop(old_path), old_path)))
        new_hash = content_hash(language, data, 7)
        bundle[f"filter/{new_hash}.pf_filter"] = data
        renamed.append([name, new_hash])
    return sorted(renamed)


def canonicalize_language(bundle: dict[str, bytes], language: str, details: dict) -> None:
    meta_path = f"pagefind.{details['hash']}.pf_meta"
    meta = read_chunk(bundle.pop(meta_path), meta_path)
    meta[META_FILTERS] = rewrite_filters(bundle, language, meta[META_FILTERS])
    data = chunk_bytes(meta)
    details["hash"] = content_hash(language, data, 10)
    bundle[f"pagefind.{details['hash']}.pf_meta"] = data


def canonicalize(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with its filter and metadata files in sorted order, sorted by path."""
    bundle = dict(bundle)
    entry = json.loads(bundle[ENTRY_FILE].decode("utf-8"))
    for language, details in sorted(entry["languages"].items()):
        canonicalize_language(bundle, language, details)
    bundle[ENTRY_FILE] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return dict(sorted(bundle.items()))
