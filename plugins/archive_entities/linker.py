"""Link the first mention of each entity in a rendered HTML document.

The HTML is split into tags and text with one regular expression; a stack of
open elements tells which text may be linked. Text inside links, code, `pre`,
headings and the like is never linked; footnote markers and backlinks are left
out of the text altogether. The visible text of the document never changes:
only `<a>` tags are added around the first mention of each entity.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?.*?>|<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>", re.S)
# text inside these is shown but never linked
NOT_LINKED = frozenset(
    {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "button", "textarea", "svg", "math"}
)
# text inside these is not part of the prose at all
NOT_TEXT = frozenset({"script", "style", "template", "noscript"})
FOOTNOTE_MARKER = re.compile(r"""\bid\s*=\s*["']fnref|\bclass\s*=\s*["'][^"']*\bfootnote-(?:ref|backref)\b""")
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre"}
    | {"section", "summary", "table", "td", "th", "tr", "ul"}
)
BLOCK_BREAK = "\x1e"  # between blocks: ends a snippet
INLINE_BREAK = "\x1f"  # between inline pieces: no name spans it
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|\x1e|\x1f*$)")
LAST_SENTENCE_END = re.compile(r"(?s:.*)[.!?][\"'\u201d\u2019)\]]*(?=\s|\x1e)")
SNIPPET_LENGTH = 240
SNIPPET_WINDOW = 400  # characters searched on each side of a mention for the sentence's ends


@dataclass(frozen=True)
class Target:
    """Where the first mention of an entity links to."""

    href: str
    title: str
    css_kind: str

    @cached_property
    def opening_tag(self) -> str:
        return (
            f'<a class="mention mention--{html.escape(self.css_kind)}" href="{html.escape(self.href)}"'
            f' title="{html.escape(self.title)}">'
        )


@dataclass
class LinkedDocument:
    html: str
    counts: dict = field(default_factory=dict)  # key -> number of mentions
    snippets: dict = field(default_factory=dict)  # key -> sentence of the first mention
    first_words: dict = field(default_factory=dict)  # key -> the words of the first mention


class _Piece(NamedTuple):
    """A text of the document that may be linked."""

    index: int  # its place among the parts of the document
    start: int  # offset of its visible text in the plain text
    end: int


def _tag_kind(name: str, attributes: str) -> str | None:
    """'skip' (not text), 'plain' (text, not linked) or None (ordinary)."""
    if name in NOT_TEXT or ((name in ("sup", "a")) and FOOTNOTE_MARKER.search(attributes)):
        return "skip"
    if name in NOT_LINKED:
        return "plain"
    return None


WATCHED = NOT_LINKED | NOT_TEXT | {"sup"}


class _Scanner:
    """One pass over the document: its parts (tags and texts as written), its
    plain text (visible text, with a break for every tag) and the pieces of
    text that may be linked."""

    def __init__(self, source: str):
        self.parts: list[str] = []
        self.pieces: list[_Piece] = []
        self.plain: list[str] = []
        self.stack: list[tuple[str, str]] = []  # open elements that are not ordinary
        self.skipping = 0  # how many of them hide their text
        self._scan(source)

    def _scan(self, source: str) -> None:
        parts, plain, stack = self.parts, self.plain, self.stack
        length = position = 0
        for token in TOKEN.finditer(source):
            if token.start() > position:
                length = self._text(source[position : token.start()], length)
            parts.append(token.group())
            closing, name, attributes = token.groups()
            position = token.end()
            if not name:
                continue
            name = name.lower()
            plain.append(BLOCK_BREAK if name in BLOCKS else INLINE_BREAK)
            length += 1
            if closing:
                if stack:
                    self._close(name)
            elif name in WATCHED:
                self._open(name, attributes)
        if position < len(source):
            self._text(source[position:], length)

    def _text(self, text: str, length: int) -> int:
        visible = "" if self.skipping else (html.unescape(text) if "&" in text else text)
        end = length + len(visible)
        if not self.stack and visible and not visible.isspace():
            self.pieces.append(_Piece(len(self.parts), length, end))
        self.parts.append(text)
        self.plain.append(visible)
        return end

    def _open(self, name: str, attributes: str) -> None:
        kind = _tag_kind(name, attributes)
        if kind and not attributes.rstrip().endswith("/"):
            self.stack.append((name, kind))
            self.skipping += kind == "skip"

    def _close(self, name: str) -> None:
        names = [open_name for open_name, _ in self.stack]
        if name in names:
            del self.stack[len(names) - 1 - names[::-1].index(name) :]
            self.skipping = sum(kind == "skip" for _, kind in self.stack)


def link_mentions(source: str, matcher, targets: dict, skip_key=None) -> LinkedDocument:
    """Link the first mention of each entity in `targets` (key -> Target); count all.

    `skip_key` is the entity whose own page this is: never linked, not counted.
    """
    scanner = _Scanner(source)
    plain = "".join(scanner.plain)
    pieces = scanner.pieces
    starts = [piece.start for piece in pieces]
    result = LinkedDocument(source)
    links: dict[int, tuple[_Piece, list]] = {}
    for match in matcher.find(plain):
        if match.key == skip_key or match.key not in targets:
            continue
        found = bisect_right(starts, match.start) - 1
        if found < 0 or match.end > pieces[found].end:
            continue  # not in a text that may be linked
        piece = pieces[found]
        result.counts[match.key] = result.counts.get(match.key, 0) + 1
        if match.key in result.snippets:
            continue
        result.snippets[match.key] = sentence_around(plain, match.start, match.end)
        result.first_words[match.key] = plain[match.start : match.end]
        links.setdefault(piece.index, (piece, []))[1].append(match)
    if links:
        parts = scanner.parts
        for index, (piece, matches) in links.items():
            parts[index] = _render(parts[index], piece, matches, targets)
        result.html = "".join(parts)
    return result


def _render(text: str, part: _Piece, matches: list, targets: dict) -> str:
    visible = html.unescape(text)
    out, position = [], 0
    for match in matches:
        start, end = match.start - part.start, match.end - part.start
        target = targets[match.key]
        out.append(html.escape(visible[position:start], quote=False))
        out.append(f"{target.opening_tag}{html.escape(visible[start:end], quote=False)}</a>")
        position = end
    out.append(html.escape(visible[position:], quote=False))
    return "".join(out)


def sentence_around(plain: str, start: int, end: int) -> str:
    """The sentence that holds plain[start:end], as plain text, trimmed."""
    window_start = max(0, start - SNIPPET_WINDOW)
    before = plain[window_start:start]
    last_end = LAST_SENTENCE_END.match(before)
    left = window_start + max(before.rfind(BLOCK_BREAK) + 1, last_end.end() if last_end else 0)
    after = plain[end : end + SNIPPET_WINDOW]
    block = after.find(BLOCK_BREAK)
    stop = SENTENCE_END.search(after)
    right_candidates = [len(after)]
    if block >= 0:
        right_candidates.append(block)
    if stop:
        right_candidates.append(stop.end())
    right = end + min(right_candidates)
    sentence = " ".join(plain[left:right].replace(INLINE_BREAK, "").replace(BLOCK_BREAK, " ").split())
    return trim(sentence, plain[start:end])


def trim(sentence: str, words: str) -> str:
    if len(sentence) <= SNIPPET_LENGTH:
        return sentence
    middle = max(sentence.find(words), 0) + len(words) // 2
    start = max(0, min(middle - SNIPPET_LENGTH // 2, len(sentence) - SNIPPET_LENGTH))
    end = start + SNIPPET_LENGTH
    cut = sentence[start:end]
    if start > 0 and " " in cut:
        cut = cut[cut.index(" ") + 1 :]  # begin at a whole word
    if end < len(sentence) and " " in cut:
        cut = cut[: cut.rindex(" ")]  # end at a whole word
    return ("\u2026" if start > 0 else "") + cut.strip() + ("\u2026" if end < len(sentence) else "")
