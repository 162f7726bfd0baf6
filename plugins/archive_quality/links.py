"""The link gate: crawl a served site from its home page.

Every internal link, image, stylesheet, script, feed and form target must
answer; every fragment must name an id on its page; every built page must be
reachable from the home page; and the 404 page, served at a deep missing
address, must have working links too. Pure module: no Pelican imports.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from archive_publish.site_files import page_path

# (tag, attribute) pairs that load or link to an address.
LINK_ATTRIBUTES = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("object", "data"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("image", "href"),
    ("form", "action"),
)
SRCSET_TAGS = ("img", "source")
# Built folders that hold no pages a reader browses to.
NOT_PAGES = ("drafts/", "theme/", "pagefind/")
FEED_TYPES = {"application/atom+xml", "application/rss+xml", "application/xml", "text/xml"}
MISSING_PAGE = "no/such/page/at/some/depth/"
TIMEOUT = 10


@dataclass
class Fetched:
    status: int
    content_type: str
    body: bytes


@dataclass
class CrawlReport:
    problems: list[str] = field(default_factory=list)
    pages: set[str] = field(default_factory=set)  # internal HTML pages that answered 200


def fetch(url: str) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (our own local server)
            return Fetched(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.headers.get_content_type(), error.read())


def links_in(html: bytes, page_url: str) -> tuple[list[tuple[str, str]], set[str]]:
    """([(absolute address, what links to it)], ids on the page)."""
    soup = BeautifulSoup(html, "html.parser")
    base = soup.find("base", href=True)
    base_url = urljoin(page_url, base["href"]) if base else page_url
    found = []
    for tag_name, attribute in LINK_ATTRIBUTES:
        for tag in soup.find_all(tag_name, attrs={attribute: True}):
            value = tag[attribute].strip()
            if value and not value.startswith(("mailto:", "tel:", "javascript:", "data:")):
                found.append((urljoin(base_url, value), f"<{tag_name} {attribute}={value!r}>"))
    for tag in soup.find_all(SRCSET_TAGS, srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                url = candidate.split()[0]
                found.append((urljoin(base_url, url), f"<{tag.name} srcset={url!r}>"))
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return found, ids


def links_in_feed(body: bytes, feed_url: str) -> list[tuple[str, str]]:
    """Addresses an Atom (`<link href>`) or RSS (`<link>text</link>`) feed links to."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return []
    found = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "link":
            continue
        value = (element.get("href") or element.text or "").strip()
        if value:
            found.append((urljoin(feed_url, value), f"<link href={value!r}> in the feed"))
    return found


class Crawler:
    def __init__(self, base_url: str):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        origin = urlsplit(self.base_url)
        self.origin = (origin.scheme, origin.netloc)
        self.report = CrawlReport()
        self.ids: dict[str, set[str]] = {}
        self.status: dict[str, int] = {}
        self.fragments: list[tuple[str, str, str]] = []  # (page, fragment, where)

    def is_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc) == self.origin

    def crawl(self) -> CrawlReport:
        queue = deque([(self.base_url, "the home page")])
        missing = urljoin(self.base_url, MISSING_PAGE)
        self.visit(missing, "the 404 page at depth", queue, expect=404)
        while queue:
            url, referrer = queue.popleft()
            if url not in self.status:
                self.visit(url, referrer, queue)
        self.check_fragments()
        return self.report

    def visit(self, url: str, referrer: str, queue: deque, expect: int = 200) -> None:
        fetched = fetch(url)
        self.status[url] = fetched.status
        if fetched.status != expect:
            self.report.problems.append(f"{url} answers {fetched.status} (linked from {referrer})")
            return
        if fetched.content_type in FEED_TYPES:
            self.follow(links_in_feed(fetched.body, url), url, queue)
        if fetched.content_type != "text/html":
            return
        if expect == 200:
            self.report.pages.add(url)
        links, ids = links_in(fetched.body, url)
        self.ids[url] = ids
        self.follow(links, url, queue)

    def follow(self, links: list[tuple[str, str]], url: str, queue: deque) -> None:
        for target, where in links:
            if not self.is_internal(target):
                continue
            address, fragment = urldefrag(target)
            if fragment:
                self.fragments.append((address, unquote(fragment), f"{where} on {url}"))
            if address not in self.status:
                queue.append((address, f"{where} on {url}"))

    def check_fragments(self) -> None:
        for address, fragment, where in sorted(set(self.fragments)):
            ids = self.ids.get(address)
            if ids is not None and fragment not in ids:
                self.report.problems.append(f"{address} has no id {fragment!r} ({where})")


def page_urls(output: Path, base_url: str) -> dict[str, str]:
    """{address: built file} of every page a reader should be able to reach."""
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    pages = {}
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative == "404.html" or relative.startswith(NOT_PAGES) or "/." in f"/{relative}":
            continue
        pages[base_url + page_path(relative)] = relative
    return pages


def check_links(output: Path, base_url: str) -> list[str]:
    """Everything the link gate finds wrong with the site in `output` served at `base_url`."""
    report = Crawler(base_url).crawl()
    problems = list(report.problems)
    for url, relative in page_urls(output, base_url).items():
        if url not in report.pages:
            problems.append(f"{relative} is not reachable from the home page by links")
    return problems
