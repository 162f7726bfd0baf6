"""Pelican reader for the archive's Markdown files.

It parses the header itself (so every field keeps its line number), checks it
against the content model, and renders the body with one reused Markdown
instance. Problems travel in the metadata (`archive_problems`), so they are
reported again when Pelican serves the file from its cache. Reading is split
in two: `render_source` needs nothing from Pelican and, on a full build, runs
in worker processes (`archive_model.parallel_read`); `with_pelican_fields`
adds Pelican's dates and category in the build's process.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass

from markdown import Markdown
from pelican.readers import MarkdownReader

from .fast_markdown import quicken
from .header import split_header
from .markup import line_in, unbalanced_tags
from .model import document_type, parse_date, read_fields
from .parallel_read import prepared_result
from .problems import ERROR, STRICT, Problem

PELICAN_PROCESSED = ("date", "modified")
TYPED_TAG = re.compile(r"<[A-Za-z/!?]")


@dataclass
class RenderedFile:
    """What reading a file gives before Pelican's part: header fields (the
    summary rendered), the rendered text and the problems found."""

    path: str  # relative to the content folder, with "/"
    doc_type: str
    metadata: dict
    content: str
    problems: list[Problem]


class ArchiveReader(MarkdownReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        markdown_settings = dict(self.settings["MARKDOWN"])
        markdown_settings["extensions"] = [
            ext for ext in markdown_settings.get("extensions", []) if ext != "markdown.extensions.meta"
        ]
        self._md = Markdown(**markdown_settings)
        quicken(self._md)

    def relative_path(self, source_path: str) -> str:
        return os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")

    def read(self, source_path):
        rendered = prepared_result(self.settings, self.render_source, source_path)
        if rendered is None:
            with open(source_path, "rb") as handle:
                rendered = self.render_source(source_path, handle.read())
        return self.with_pelican_fields(rendered)

    def render_source(self, source_path: str, raw: bytes) -> RenderedFile:
        """The part of reading that needs nothing from Pelican, run in a worker
        process on a full build (archive_model.parallel_read)."""
        path = self.relative_path(source_path)
        text, problems = decode(raw, path)
        header = split_header(text)
        doc_type = document_type(path) or "page"
        metadata, field_problems = read_fields(path, doc_type, header)
        if text.strip():
            problems.extend(field_problems)
        if text.strip() and not header.body.strip() and doc_type in ("article", "summary"):
            problems.append(
                Problem(
                    path,
                    min(header.body_first_line, text.rstrip().count("\n") + 1),
                    "The document has no text below its header",
                    "Write the text after the blank line that ends the header",
                )
            )
        if "summary" in metadata:
            metadata["summary"] = self.render(metadata["summary"], path, header.line_of("summary"), problems)
        content = self.render(header.body, path, header.body_first_line, problems)
        return RenderedFile(path, doc_type, metadata, content, problems)

    def with_pelican_fields(self, rendered: RenderedFile) -> tuple[str, dict]:
        path, doc_type, metadata = rendered.path, rendered.doc_type, rendered.metadata
        for key in PELICAN_PROCESSED:
            if key in metadata:
                metadata[key] = self.process_metadata(key, metadata[key])
        if doc_type in ("article", "summary") and "date" not in metadata:
            metadata["date"] = self.process_metadata("date", "1970-01-01")
        if "source_date" in metadata:
            metadata["source_date_value"] = parse_date(metadata["source_date"])
        if doc_type == "summary":
            metadata["template"] = "summary"
        if doc_type in ("article", "summary"):
            # the top folder, not the nearest one: summaries/2022/x.md is a summary at /summaries/x/
            metadata["category"] = self.process_metadata("category", path.split("/", 1)[0])
        metadata["source_path_relative"] = path
        metadata["archive_problems"] = rendered.problems
        return rendered.content, metadata

    def render(self, markdown_text: str, path: str, first_line: int, problems: list) -> str:
        """Markdown to HTML. Extensions may append Problems to `md.archive_problems`
        and use `md.archive_source` (path, line of the text's first line)."""
        self._md.reset()
        self._md.archive_source = (path, first_line)
        self._md.archive_problems = []
        html = self._md.convert(markdown_text)
        problems.extend(self._md.archive_problems)
        problems.extend(markup_problems(html, markdown_text, path, first_line))
        return html


def decode(raw: bytes, path: str) -> tuple[str, list[Problem]]:
    if not raw.strip():
        return "", [
            Problem(
                path,
                0,
                "The file is empty",
                "Add a header and text (see docs/EDITING.md), or delete the file",
                ERROR,
            )
        ]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "", [
            Problem(path, 1, "The file is saved as UTF-16, not UTF-8", "Save it again with the UTF-8 encoding", ERROR)
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return raw.decode("utf-8", errors="replace"), [
            Problem(
                path,
                line,
                "The file is not valid UTF-8 text",
                "Save it again with the UTF-8 encoding in your editor",
                ERROR,
            )
        ]


def markup_problems(html: str, source: str, path: str, first_line: int) -> list[Problem]:
    """A problem for every HTML element the text leaves open or closes unopened."""
    if not TYPED_TAG.search(source):
        return []  # no tag typed: Python-Markdown's own HTML is always balanced
    problems = []
    for found in unbalanced_tags(html):
        line = line_in(source, found.written, first_line)
        if found.opened:
            message = f"The text opens <{found.tag}> and never closes it, so it would swallow the rest of the page"
            fix = f"Add </{found.tag}> where the {found.tag} should end, or remove the tag"
        else:
            message = f"The text closes </{found.tag}> without opening it, so it would close a box of the page itself"
            fix = f"Remove the </{found.tag}>, or add the <{found.tag}> it belongs to"
        problems.append(Problem(path, line, message, fix, STRICT))
    return problems
