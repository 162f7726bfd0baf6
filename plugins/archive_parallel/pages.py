"""Pages planned by the writer and written later, by any process.

A `PageJob` is one file Pelican's writer would have rendered at that point of
a serial build: the template, the page's own context and the value the build's
shared context held for `localsiteurl` (content objects read their relative
links from it). `deal` splits the jobs into shares of about equal cost;
`write_share` writes one share.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .processes import Failure

MISSING = object()
REBASE_AFTER = 64  # a page context that differs from its base in more keys than this gets a fresh base


@dataclass
class PageJob:
    template: object  # a Jinja template
    base: dict  # the build's context when the page was asked for, shared by many jobs
    changes: dict  # what the page's own context adds to `base` or changes in it
    shared: dict  # the context content objects read `localsiteurl` from
    siteurl: object  # shared["localsiteurl"] while the page rendered in a serial build
    path: str = ""  # the file `content_written` names
    destination: str = ""  # the file written: os.devnull when Pelican skips a file written before

    def context(self) -> dict:
        return {**self.base, **self.changes}

    def write(self) -> None:
        if self.siteurl is not MISSING:
            self.shared["localsiteurl"] = self.siteurl
        text = self.template.render(self.context())
        with open(self.destination, "w", encoding="utf-8") as handle:
            handle.write(text)


class ContextBases:
    """Every page context is a copy of the build's context plus a few keys: keep
    one copy of the build's context while its keys stay the same, and each
    page's differences, rather than thousands of copies of every setting."""

    def __init__(self):
        self._bases: dict[int, tuple[dict, dict]] = {}

    def split(self, context: dict, page_context: dict) -> tuple[dict, dict]:
        held = self._bases.get(id(context))
        if held is None or held[0] is not context or held[1].keys() != context.keys():
            held = self._rebase(context)
        changes = differences(held[1], page_context)
        if len(changes) > REBASE_AFTER:
            held = self._rebase(context)
            changes = differences(held[1], page_context)
        return held[1], changes

    def _rebase(self, context: dict) -> tuple[dict, dict]:
        held = (context, context.copy())
        self._bases[id(context)] = held
        return held


def differences(base: dict, page_context: dict) -> dict:
    return {key: value for key, value in page_context.items() if base.get(key, MISSING) is not value}


def deal(jobs: list[PageJob], count: int) -> list[list[tuple[int, PageJob]]]:
    """`count` shares, round robin so that each gets its part of every kind of
    page; the writes of one file stay in one share, in their order."""
    shares: list[list[tuple[int, PageJob]]] = [[] for _ in range(max(1, count))]
    owner: dict[str, int] = {}
    for index, job in enumerate(jobs):
        share = index % len(shares)
        if job.destination != os.devnull:
            share = owner.setdefault(job.destination, share)
        shares[share].append((index, job))
    return shares


def write_share(share: list[tuple[int, PageJob]]) -> Failure | None:
    """Write the share's pages in order; stop at the first error and return it."""
    for index, job in share:
        try:
            job.write()
        except Exception as error:  # noqa: BLE001 - handed back to the build, which raises it
            return Failure(index, error)
    return None
