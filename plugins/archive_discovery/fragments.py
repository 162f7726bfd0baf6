"""List items rendered once per build, then written on every page that lists them.

A document stands in the category lists, its topics' pages, the timelines,
other documents' related lists and the entity pages; an entity's link stands
on hundreds of pages. Templates ask `fragments.html(macro, item, SITEURL)`:
the macro runs the first time, with a stand-in for the site's root, and each
page gets the same HTML with its own root (relative URLs differ by depth).

The macro takes the item, the root, then any further arguments; its HTML must
depend on nothing else. Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

from markupsafe import Markup, escape

ROOT = "\x00root\x00"  # never in a title or a URL: HTML has no NUL character


class Fragments:
    """One build's rendered list items, keyed by macro name, item and arguments."""

    def __init__(self):
        self._html: dict[tuple, str] = {}

    def html(self, macro, item, site_url, *arguments) -> Markup:
        return Markup(self._text(macro, item, arguments).replace(ROOT, escape(site_url)))

    def each(self, macro, items, site_url, *arguments, before="", after="") -> Markup:
        """The items one after the other, each between `before` and `after`: a
        long list in one call rather than one call of the template per item."""
        texts = [self._text(macro, item, arguments) for item in items]
        joined = "".join(f"{before}{text}{after}" for text in texts)
        return Markup(joined.replace(ROOT, escape(site_url)))

    def _text(self, macro, item, arguments: tuple) -> str:
        key = (macro.name, item, arguments)
        text = self._html.get(key)
        if text is None:
            text = self._html[key] = str(macro(item, ROOT, *arguments))
        return text

    def __len__(self) -> int:
        return len(self._html)
