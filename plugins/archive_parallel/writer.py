"""Pelican's writer, deferring pages until every generator has asked for its pages.

While generators run, `ParallelWriter.write_file` goes through Pelican's own
`Writer.write_file` (pagination, the page context, the check that a file is
not written twice, the log line), but with a template that only records the
page: a `PageJob`. `write_pending` then writes every recorded page, shared
between processes, and sends `content_written` for each, in the order of a
serial build, once every file is on disk.
"""

from __future__ import annotations

import time

from pelican import signals
from pelican.writers import Writer

from archive_model import problem_log
from archive_model.workers import can_fork, worker_count

from .pages import MISSING, ContextBases, PageJob, deal, write_share
from .processes import run_shares


def writes_in_parallel(settings) -> bool:
    """A livereload preview writes a few pages, in its own writer: never in parallel."""
    return worker_count(settings) > 1 and can_fork() and not settings.get("ARCHIVE_PREVIEW")


class PlannedTemplate:
    """Stands in for a template inside Pelican's `write_file`: rendering records the page."""

    def __init__(self, writer: ParallelWriter, template, context: dict):
        self.writer = writer
        self.template = template
        self.context = context

    def render(self, page_context: dict) -> str:
        self.writer.plan(self.template, self.context, page_context)
        return ""


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.deferring = writes_in_parallel(self.settings)
        self.pending: list[PageJob] = []
        self._bases = ContextBases()
        self._planned: PageJob | None = None

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.deferring:
            return super().write_file(name, template, context, *args, **kwargs)
        try:
            with signals.content_written.muted():
                planned = PlannedTemplate(self, template, context)
                return super().write_file(name, planned, context, *args, **kwargs)
        finally:
            self._planned = None

    def plan(self, template, context: dict, page_context: dict) -> None:
        base, changes = self._bases.split(context, page_context)
        self._planned = PageJob(template, base, changes, context, context.get("localsiteurl", MISSING))

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        job, self._planned = self._planned, None
        if job is not None:
            job.path, job.destination = filename, handle.name
            self.pending.append(job)
        return handle

    def write_pending(self) -> None:
        """Write every recorded page with as many processes as the build may use."""
        jobs, self.pending, self.deferring = self.pending, [], False
        if not jobs:
            return
        started = time.perf_counter()
        count = min(worker_count(self.settings), len(jobs)) if can_fork() else 1
        shared = {id(job.shared): job.shared for job in jobs}.values()
        siteurls = [(context, context.get("localsiteurl", MISSING)) for context in shared]
        try:
            run_shares(deal(jobs, count), write_share, problem_log(self.settings).problems)
        finally:
            for context, siteurl in siteurls:
                if siteurl is not MISSING:
                    context["localsiteurl"] = siteurl
        for job in jobs:
            signals.content_written.send(job.path, context=job.context())
        self.settings.setdefault("ARCHIVE_TIMINGS", {})["write_pages"] = time.perf_counter() - started
