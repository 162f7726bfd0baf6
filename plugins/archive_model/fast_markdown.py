"""Python-Markdown's steps, doing only what a text needs.

Rendering Markdown was the largest part of a build. Python-Markdown runs every
step on every text: each inline pattern on each piece of text, the table of
contents, attribute lists and unescaping over the whole tree. The steps here
skip what cannot change the text in hand, so the HTML is the same, byte for
byte (tests/test_parallel_read.py renders the real content and tricky texts
both ways). Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import html

from markdown import Markdown
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html, strip_tags, unique
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor
from markdown.util import INLINE_PLACEHOLDER_PREFIX, AtomicString

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

    def _InlineProcessor__processPlaceholders(self, data, parent, isText=True):  # noqa: N802, N803 (Python-Markdown's names)
        """Text without a placeholder is only put back where it was."""
        if not data or INLINE_PLACEHOLDER_PREFIX in data:
            return super()._InlineProcessor__processPlaceholders(data, parent, isText)
        if isText:
            parent.text = parent.text + data if parent.text else data
        else:
            parent.tail = parent.tail + data if parent.tail else data
        return []


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


class SourceScan(Preprocessor):
    """Notes which of a few strings the text holds, for the steps below
    (`md.archive_source_holds`)."""

    def __init__(self, md: Markdown, strings: tuple[str, ...]):
        super().__init__(md)
        self.strings = strings

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.md.archive_source_holds = frozenset(string for string in self.strings if string in text)
        return lines


def source_holds(md: Markdown, string: str) -> bool:
    holds = getattr(md, "archive_source_holds", None)
    return holds is None or string in holds


class HeadingIdsOnly(TocTreeprocessor):
    """The table of contents step, doing only what shows in the page: the ids
    of the headings. The table itself (`md.toc`) is not read by the archive;
    it is still built where the text holds the marker that places it."""

    def run(self, doc) -> None:
        marker_written = self.marker and source_holds(self.md, self.marker)
        if marker_written or self.use_anchors or self.use_permalinks not in (False, None):
            super().run(doc)
            return
        used_ids = {element.attrib["id"] for element in doc.iter() if "id" in element.attrib}
        id_counters: dict[str, int] = {}
        for element in doc.iter():
            if isinstance(element.tag, str) and self.header_rgx.match(element.tag):
                self.set_level(element)
                if "id" not in element.attrib:
                    name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                    element.attrib["id"] = unique(self.slugify(html.unescape(name), self.sep), used_ids, id_counters)
                element.attrib.pop("data-toc-label", None)


class AttributeListsWhereWritten(AttrListTreeprocessor):
    """Attribute lists (`{: .class}`) looked for only in a text that holds a "{"."""

    def run(self, doc) -> None:
        if source_holds(self.md, "{"):
            super().run(doc)


class UnescapeWhereEscaped(UnescapeTreeprocessor):
    """Escaped characters restored only in a text that holds a backslash, the
    only way to escape one."""

    def run(self, root) -> None:
        if source_holds(self.md, "\\"):
            super().run(root)


def replace_step(registry, name: str, step) -> None:
    priority = next(item.priority for item in registry._priority if item.name == name)
    registry.deregister(name)
    registry.register(step, name, priority)


def quicken_tree_steps(md: Markdown) -> None:
    """The table of contents, attribute lists and unescaping, only where the text needs them."""
    strings = ["{", "\\"]
    toc = next((ext for ext in md.registeredExtensions if isinstance(ext, TocExtension)), None)
    if toc is not None and type(md.treeprocessors["toc"]) is TocTreeprocessor:
        step = HeadingIdsOnly(md, toc.getConfigs())
        replace_step(md.treeprocessors, "toc", step)
        strings.append(step.marker)
    if "attr_list" in md.treeprocessors and type(md.treeprocessors["attr_list"]) is AttrListTreeprocessor:
        replace_step(md.treeprocessors, "attr_list", AttributeListsWhereWritten(md))
    if type(md.treeprocessors["unescape"]) is UnescapeTreeprocessor:
        replace_step(md.treeprocessors, "unescape", UnescapeWhereEscaped(md))
    # before any other preprocessor changes the lines
    md.preprocessors.register(SourceScan(md, tuple(string for string in strings if string)), "archive_source_scan", 100)


def quicken(md: Markdown) -> None:
    run_prettify_last(md)
    quicken_inline_steps(md)
    quicken_tree_steps(md)
