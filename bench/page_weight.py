"""What a reader's browser fetches for a page's first view: the HTML, its
stylesheets and its scripts (pictures left out), read from a built site.

Pure module (standard library only), used by the benchmark and by
tests/test_page_weight.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

FIRST_VIEW_BUDGET = 60 * 1024  # bytes, uncompressed


@dataclass
class Script:
    src: str
    attributes: dict

    def blocks_rendering(self, in_head: bool) -> bool:
        """A classic script in the head without defer or async stops the parser
        before the page is shown; modules are deferred by default."""
        kind = (self.attributes.get("type") or "").lower()
        if kind and kind not in ("module", "text/javascript", "application/javascript"):
            return False  # data, such as JSON-LD
        deferred = kind == "module" or "defer" in self.attributes or "async" in self.attributes
        return in_head and not deferred


@dataclass
class PageAssets:
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    blocking_scripts: list[str] = field(default_factory=list)


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = PageAssets()
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.assets.stylesheets.append(attributes.get("href") or "")
        elif tag == "script":
            self._script(attributes)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def _script(self, attributes: dict) -> None:
        script = Script(attributes.get("src") or "", attributes)
        if script.src:
            self.assets.scripts.append(script.src)
        if script.blocks_rendering(self.in_head):
            self.assets.blocking_scripts.append(script.src or "(inline script)")


def page_assets(html: str) -> PageAssets:
    parser = AssetParser()
    parser.feed(html)
    return parser.assets


def local_file(site: Path, page: Path, reference: str) -> Path | None:
    """The file a relative or site-absolute address points to, or None when it is
    on another host."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        return site / parts.path.lstrip("/")
    return (page.parent / parts.path).resolve()


@dataclass
class FirstView:
    page: Path
    html_bytes: int
    asset_bytes: dict[str, int]
    missing: list[str]
    blocking_scripts: list[str]

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + sum(self.asset_bytes.values())


def first_view(site: Path, page: Path) -> FirstView:
    """The bytes of a page and every stylesheet and script it loads."""
    html = page.read_text(encoding="utf-8")
    assets = page_assets(html)
    sizes, missing = {}, []
    for reference in dict.fromkeys(assets.stylesheets + assets.scripts):
        path = local_file(site, page, reference)
        if path is None or not path.is_file():
            missing.append(reference)
            continue
        sizes[reference] = path.stat().st_size
    return FirstView(page, len(html.encode("utf-8")), sizes, missing, assets.blocking_scripts)
