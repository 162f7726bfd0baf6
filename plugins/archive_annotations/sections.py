"""Split a summary's rendered text into the parts its page shows apart.

The summary page puts the recorded positions between the key points and the
summary itself, and the annotations last. Pure module: imports nothing from
Pelican.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

KEY_POINTS_TITLES = ("key points",)


def is_key_points_heading(node) -> bool:
    return (
        isinstance(node, Tag) and node.name == "h2" and node.get_text(" ", strip=True).casefold() in KEY_POINTS_TITLES
    )


def is_annotations(node) -> bool:
    return isinstance(node, Tag) and node.name == "section" and "annotations" in node.get("class", [])


def summary_parts(html: str) -> dict[str, str]:
    """{"key_points": ..., "body": ..., "annotations": ...}: HTML strings, any may be empty.

    The key points run from a top-level "Key points" heading to the next
    top-level h2; the annotations are the list the annotations extension writes.
    """
    soup = BeautifulSoup(html or "", "html.parser")
    parts = {"key_points": [], "body": [], "annotations": []}
    current = "body"
    for node in list(soup.contents):
        if is_annotations(node):
            parts["annotations"].append(str(node))
            continue
        if isinstance(node, Tag) and node.name == "h2":
            current = "key_points" if is_key_points_heading(node) else "body"
        parts[current].append(str(node))
    return {name: "".join(pieces).strip() for name, pieces in parts.items()}
