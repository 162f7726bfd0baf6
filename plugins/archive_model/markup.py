"""Find HTML an editor opened and never closed (or closed and never opened).

Raw HTML typed in a Markdown body passes through as is; an unclosed `<div>`
swallows the rest of the page (footer included) and a stray `</div>` closes
the theme's own box. Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
# elements whose end tag HTML lets an author leave out
OPTIONAL_END = frozenset(
    ("p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup")
    + ("colgroup", "caption", "rp", "rt", "html", "head", "body")
)


@dataclass(frozen=True)
class Unbalanced:
    tag: str
    opened: bool  # True: opened and never closed; False: closed and never opened
    written: str  # the tag as written, to find its line in the source


class _BalanceParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str]] = []
        self.stray: list[Unbalanced] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS and tag not in OPTIONAL_END:
            self.open.append((tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or tag in OPTIONAL_END:
            return
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return
        self.stray.append(Unbalanced(tag, False, f"</{tag}"))


def unbalanced_tags(html: str) -> list[Unbalanced]:
    """Elements left open, then end tags with no start, in document order."""
    parser = _BalanceParser()
    parser.feed(html)
    parser.close()
    unclosed = [Unbalanced(tag, True, written) for tag, written in parser.open]
    return unclosed + parser.stray


def line_in(source: str, written: str, first_line: int) -> int:
    """The line of `source` (which starts at `first_line`) where `written` appears."""
    index = source.find(written)
    if index < 0:  # the parser may have normalised the tag: look for its name alone
        index = source.lower().find(written.lower().split(maxsplit=1)[0])
    return first_line + source.count("\n", 0, index) if index >= 0 else first_line
