"""Pelican reader for the archive's Markdown files.

It parses the header itself (so every field keeps its line number), checks it
against the content model, and renders the body with one reused Markdown
instance. Problems travel in the metadata (`archive_problems`), so they are
reported again when Pelican serves the file from its cache.
"""

from __future__ import annotations

import codecs
import os
import re

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString
from pelican.readers import MarkdownReader

from .header import split_header
from .markup import line_in, unbalanced_tags
from .model import document_type, parse_date, read_fields
from .problems import ERROR, STRICT, Problem

PELICAN_PROCESSED = ("date", "modified")
TYPED_TAG = re.compile(r"<[A-Za-z/!?]")
# a reference link needs a reference defined in the document: this marks
# text holding "[" in such a document
REFERENCE_DEFINED = "[ with a reference"
# Python-Markdown's own inline patterns (core, footnotes, smarty): text in
# which none of a pattern's strings occurs cannot match it
INLINE_TRIGGERS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": (REFERENCE_DEFINED,),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": (REFERENCE_DEFINED,),
    "short_reference": (REFERENCE_DEFINED,),
    "short_image_ref": (REFERENCE_DEFINED,),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("*", "_"),
    "not_strong": ("*", "_"),
    "smarty-em-dashes": ("--",),
    "smarty-en-dashes": ("--",),
    "smarty-ellipses": ("...",),
    "smarty-left-angle-quotes": ("<<",),
    "smarty-right-angle-quotes": (">>",),
}
# smarty's quote patterns, in Python-Markdown 3.11's order (tests/test_parallel_read.py
# renders tricky quotes both ways, so a new order shows)
SMARTY_QUOTE_TRIGGERS = ("'", '"', "\"'", "'\"", "'\"", "\"'", "'", "'", "'", "'", "'", '"', '"', '"', '"')
INLINE_TRIGGERS.update({f"smarty-quotes-{number}": (quote,) for number, quote in enumerate(SMARTY_QUOTE_TRIGGERS)})


def run_prettify_last(md: Markdown) -> None:
    """Move the "prettify" step after the text steps (smarty, attribute lists).

    Prettify gives every block a trailing newline; a text step that then meets
    a block with a tail looks the block up among all its siblings, which makes
    a long document cost time quadratic in its paragraphs (a 5 MB file took
    minutes). The output is the same: prettify only adds whitespace."""
    if "prettify" in md.treeprocessors and "toc" in md.treeprocessors:
        prettify = md.treeprocessors["prettify"]
        md.treeprocessors.deregister("prettify")
        md.treeprocessors.register(prettify, "prettify", 5.5)


class InlineWhereNeeded(InlineProcessor):
    """An inline step that tries a pattern only on text that holds one of the
    strings the pattern starts with. Python-Markdown tries every pattern on
    every piece of text, and most paragraphs have nothing for most patterns
    (smarty alone took about 40% of the time of rendering Markdown). A pattern
    that cannot match is never asked, so nothing changes: not the output, not
    the state a pattern keeps between matches."""

    def __init__(self, md: Markdown, patterns, triggers: tuple[frozenset[str], ...]):
        super().__init__(md)
        self.inlinePatterns = patterns
        self.pattern_list = tuple(patterns)
        self.triggers = triggers
        self.all_triggers = tuple(sorted(frozenset().union(*triggers) - {REFERENCE_DEFINED}))

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N803 (Python-Markdown's name)
        if isinstance(data, AtomicString):
            return data
        # a match only puts a placeholder in place of text: what was absent stays absent
        present = {trigger for trigger in self.all_triggers if trigger in data}
        if "[" in present and self.md.references:
            present.add(REFERENCE_DEFINED)
        if not present:
            return data
        patterns, triggers = self.pattern_list, self.triggers
        start = 0
        while patternIndex < len(patterns):
            if present.isdisjoint(triggers[patternIndex]):
                patternIndex, start = patternIndex + 1, 0  # as after a pattern that did not match
                continue
            data, matched, start = self._InlineProcessor__applyPattern(
                patterns[patternIndex], data, patternIndex, start
            )
            if not matched:
                patternIndex += 1
        return data


def quicken_inline_steps(md: Markdown) -> None:
    """Replace the inline steps by InlineWhereNeeded, only when every pattern
    they hold is one whose starting strings are known here."""
    for name in ("inline", "smarty"):
        patterns = getattr(md.treeprocessors[name], "inlinePatterns", None) if name in md.treeprocessors else None
        if patterns is None:
            continue
        list(patterns)  # sorts the registry by priority, the order the step tries them in
        names = [item.name for item in patterns._priority]
        if not set(names) <= INLINE_TRIGGERS.keys():
            continue
        triggers = tuple(frozenset(INLINE_TRIGGERS[known]) for known in names)
        priority = next(item.priority for item in md.treeprocessors._priority if item.name == name)
        md.treeprocessors.deregister(name)
        md.treeprocessors.register(InlineWhereNeeded(md, patterns, triggers), name, priority)


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
        run_prettify_last(self._md)
        quicken_inline_steps(self._md)

    def relative_path(self, source_path: str) -> str:
        return os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")

    def read(self, source_path):
        path = self.relative_path(source_path)
        text, problems = self._read_text(source_path, path)
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
        for key in PELICAN_PROCESSED:
            if key in metadata:
                metadata[key] = self.process_metadata(key, metadata[key])
        if doc_type in ("article", "summary") and "date" not in metadata:
            metadata["date"] = self.process_metadata("date", "1970-01-01")
        if "summary" in metadata:
            metadata["summary"] = self.render(metadata["summary"], path, header.line_of("summary"), problems)
        if "source_date" in metadata:
            metadata["source_date_value"] = parse_date(metadata["source_date"])
        if doc_type == "summary":
            metadata["template"] = "summary"
        if doc_type in ("article", "summary"):
            # the top folder, not the nearest one: summaries/2022/x.md is a summary at /summaries/x/
            metadata["category"] = self.process_metadata("category", path.split("/", 1)[0])
        metadata["source_path_relative"] = path
        content = self.render(header.body, path, header.body_first_line, problems)
        metadata["archive_problems"] = problems
        return content, metadata

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

    def _read_text(self, source_path, path) -> tuple[str, list[Problem]]:
        with open(source_path, "rb") as handle:
            raw = handle.read()
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
                Problem(
                    path, 1, "The file is saved as UTF-16, not UTF-8", "Save it again with the UTF-8 encoding", ERROR
                )
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
