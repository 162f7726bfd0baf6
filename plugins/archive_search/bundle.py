"""What Pagefind 1.5 writes, and how this plugin reads and names its files.

A bundle's data files are gzip of b"pagefind_dcd" + CBOR (fragments: + JSON):
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

import gzip
import hashlib
import json

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
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


def read_entry(files: dict[str, bytes]) -> dict:
    return json.loads(files[ENTRY_FILE].decode("utf-8"))


def fragment_url(data: bytes) -> str:
    return json.loads(gzip.decompress(data)[len(SIGNATURE) :])["url"]


def page_url(save_as: str) -> str:
    """The URL Pagefind gives the page saved at `save_as`."""
    url = "/" + save_as.replace("\\", "/")
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class Names:
    """Content-hash file names, longer where two contents share a short one;
    the first content given keeps the short name."""

    def __init__(self, language: str, length: int):
        self.language, self.length, self.taken = language, length, {}

    def name(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        length = self.length
        while self.taken.get(digest[:length], digest) != digest:
            length += 1
        self.taken[digest[:length]] = digest
        return f"{self.language}_{digest[:length]}"
