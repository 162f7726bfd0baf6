"""Split a summary's rendered text into the parts its page shows apart.

The summary page puts the recorded positions between the key points and the
summary itself, and the annotations last. Pure module: imports nothing from
Pelican.

The text is Python-Markdown's own well-formed output, so the split only needs
the top-level elements: a scan of the tags that counts their depth, instead of
a parsed tree (parsing every summary with BeautifulSoup was a tenth of a
build's time). Top-level pieces are kept exactly as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

KEY_POINTS_TITLES = ("key points",)
TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*?)?(/?)>", re.DOTALL)
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
RAW_TEXT_ELEMENTS = ("script", "style")
CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass(frozen=True)
class Node:
    """One top-level piece: an element (with its name) or the text between elements."""

    name: str | None
    start_tag: str
    html: str


def top_level_nodes(text: str) -> Iterator[Node]:
    position = 0
    depth = 0
    start = 0
    opening = None
    for match in TAG.finditer(text):
        if match.start() < position:
            continue  # inside a script or style element
        closing, name, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if depth == 0:
            if match.start() > start:
                yield Node(None, "", text[start : match.start()])
            start, opening = match.start(), match
        if not name or closing:
            depth = max(depth - 1, 0) if closing else depth
        elif name in RAW_TEXT_ELEMENTS:
            end = text.lower().find(f"</{name}", match.end())
            position = len(text) if end < 0 else end
            depth += 1
        elif name not in VOID_ELEMENTS and not self_closing:
            depth += 1
        if depth == 0:
            yield Node((opening.group(2) or "").lower() or None, opening.group(0), text[start : match.end()])
            start = match.end()
        position = max(position, match.end())
    if start < len(text):
        yield Node(None, "", text[start:])


def classes(start_tag: str) -> list[str]:
    found = CLASS_ATTRIBUTE.search(start_tag)
    return next((value for value in found.groups() if value is not None), "").split() if found else []


def inner_text(element_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", element_html)).split())


def is_key_points_heading(node: Node) -> bool:
    return node.name == "h2" and inner_text(node.html).casefold() in KEY_POINTS_TITLES


def is_annotations(node: Node) -> bool:
    return node.name == "section" and "annotations" in classes(node.start_tag)


def summary_parts(text: str) -> dict[str, str]:
    """{"key_points": ..., "body": ..., "annotations": ...}: HTML strings, any may be empty.

    The key points run from a top-level "Key points" heading to the next
    top-level h2; the annotations are the list the annotations extension writes.
    """
    parts = {"key_points": [], "body": [], "annotations": []}
    current = "body"
    for node in top_level_nodes(text or ""):
        if is_annotations(node):
            parts["annotations"].append(node.html)
            continue
        if node.name == "h2":
            current = "key_points" if is_key_points_heading(node) else "body"
        parts[current].append(node.html)
    return {name: "".join(pieces).strip() for name, pieces in parts.items()}
