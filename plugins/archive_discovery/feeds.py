"""Atom feeds of documents: the whole archive, one topic, one actor.

Feeds carry absolute addresses and no build-time clock: a feed's `updated` is
its newest document's date. Pure module: feedgenerator only, no Pelican.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from feedgenerator import Atom1Feed

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


class StableAtomFeed(Atom1Feed):
    """Atom1Feed whose `updated` never falls back to the clock."""

    def __init__(self, *args, fallback_updated=NO_DOCUMENTS_YET, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_updated = fallback_updated

    def latest_post_date(self):
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        return max(dates, default=self.fallback_updated)


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


def build_feed(spec: FeedSpec, documents, base: str, language="en", author="", fallback=NO_DOCUMENTS_YET) -> str:
    """The Atom XML of one feed; `documents` newest first."""
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
    )
    for document in documents:
        link = f"{base}/{document.url}"
        references = getattr(document, "references", None) or {}
        feed.add_item(
            title=document.title,
            link=link,
            unique_id=link,
            description=absolute_links(getattr(document, "summary", "") or "", link),
            pubdate=as_utc(document.date),
            updateddate=document_updated(document),
            categories=[topic.title for topic in references.get("topics", [])],
        )
    return feed.writeString("utf-8")
