"""Atom feeds of documents: the whole archive, one topic, one actor.

Feeds carry absolute addresses and no build-time clock: a feed's `updated` is
its newest document's date. Pure module: feedgenerator only, no Pelican.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urljoin, urlsplit

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

DEV_BASE_URL = "http://localhost:8000"  # where `invoke serve` shows a dev build
NO_DOCUMENTS_YET = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def is_absolute(url) -> bool:
    return bool(url) and urlsplit(str(url)).scheme in ("http", "https")


def base_url(settings) -> str:
    """The site's absolute address: SITEURL when absolute, else FEED_DOMAIN, else
    ARCHIVE_DEV_SITEURL (a dev build's address)."""
    for key in ("SITEURL", "FEED_DOMAIN"):
        if is_absolute(settings.get(key)):
            return str(settings[key]).rstrip("/")
    return str(settings.get("ARCHIVE_DEV_SITEURL") or DEV_BASE_URL).rstrip("/")


def as_utc(value) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return datetime.datetime(*value.utctimetuple()[:6], tzinfo=datetime.UTC)


LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def absolute_links(html: str, page_url: str) -> str:
    """The HTML with every relative link made absolute against its page's address,
    since a feed reader does not know where the summary came from."""

    def absolute(match):
        return f'{match[1]}="{urljoin(page_url, match[2])}"'

    return LINK_ATTRIBUTE.sub(absolute, html)


@dataclass
class FeedEntries:
    """One build's feed entries. A document stands in the whole archive's feed,
    in its topics' and in its actors' feeds: its entry is made once."""

    items: dict[int, dict] = field(default_factory=dict)  # id(document): add_item's arguments
    xml: dict[str, str] = field(default_factory=dict)  # an entry's id: its XML


class StableAtomFeed(Atom1Feed):
    """Atom1Feed whose `updated` never falls back to the clock, and which writes
    each entry's XML from `written` when an earlier feed of the build made it."""

    def __init__(self, *args, fallback_updated=NO_DOCUMENTS_YET, written=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_updated = fallback_updated
        self.written = {} if written is None else written

    def latest_post_date(self):
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        return max(dates, default=self.fallback_updated)

    def write_items(self, handler):
        for item in self.items:
            xml = self.written.get(item["unique_id"])
            if xml is None:
                xml = self.written[item["unique_id"]] = self.entry_xml(item)
            handler.ignorableWhitespace(xml)  # written as is, like Atom1Feed's own elements

    def entry_xml(self, item) -> str:
        """The entry as Atom1Feed.write_items writes it."""
        text = StringIO()
        handler = SimplerXMLGenerator(text, "utf-8", short_empty_elements=True)
        handler.startElement("entry", self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement("entry")
        return text.getvalue()


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it is written, what it is called, which page it mirrors."""

    path: str
    title: str
    page_url: str
    subtitle: str = ""


def document_updated(document) -> datetime.datetime:
    return as_utc(getattr(document, "modified", None) or document.date)


def newest_date(documents) -> datetime.datetime:
    return max((document_updated(d) for d in documents), default=NO_DOCUMENTS_YET)


def feed_item(document, base: str) -> dict:
    """Atom1Feed.add_item's arguments for one document."""
    link = f"{base}/{document.url}"
    references = getattr(document, "references", None) or {}
    return {
        "title": document.title,
        "link": link,
        "unique_id": link,
        "description": absolute_links(getattr(document, "summary", "") or "", link),
        "pubdate": as_utc(document.date),
        "updateddate": document_updated(document),
        "categories": [topic.title for topic in references.get("topics", [])],
    }


def build_feed(
    spec: FeedSpec, documents, base: str, language="en", author="", fallback=NO_DOCUMENTS_YET, entries=None
) -> str:
    """The Atom XML of one feed; `documents` newest first. Feeds of one build
    share `entries` (FeedEntries), so that each document's entry is made once."""
    entries = FeedEntries() if entries is None else entries
    feed_url = f"{base}/{spec.path}"
    feed = StableAtomFeed(
        title=spec.title,
        link=f"{base}/{spec.page_url}",
        description=spec.subtitle,
        feed_url=feed_url,
        feed_guid=feed_url,
        language=language,
        author_name=author or None,
        fallback_updated=fallback,
        written=entries.xml,
    )
    for document in documents:
        item = entries.items.get(id(document))
        if item is None:
            item = entries.items[id(document)] = feed_item(document, base)
        feed.add_item(**item)
    return feed.writeString("utf-8")
