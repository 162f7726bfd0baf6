"""Writes the timeline page, the Atom feeds and the open data of each build."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican.generators import Generator

from archive_model import problem_log
from archive_model.problems import SUGGESTION, Problem

from . import feeds, open_data, paging
from .discovery import FEED_ALL, Discovery, feed_path
from .fragments import Fragments

logger = logging.getLogger(__name__)


class DiscoveryProxy:
    """Stands in for the build's Discovery until the archive index exists: the
    index is built after every generator has read its files."""

    def __init__(self, context):
        self._context = context
        self._discovery = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._discovery is None:
            self._discovery = Discovery(self._context["archive"], self._context["registry"])
        return getattr(self._discovery, name)


class DiscoveryGenerator(Generator):
    def generate_context(self):
        self.context["discovery"] = DiscoveryProxy(self.context)
        self.context["fragments"] = Fragments()

    def generate_output(self, writer):
        started = time.perf_counter()
        discovery = self.context["discovery"]
        self.report_empty_topics(discovery)
        if self.settings.get("ARCHIVE_PREVIEW"):
            return  # a livereload preview writes only the saved pages
        self.write_timeline(writer, discovery.timeline_book)
        for topic in discovery.registry.entities("topic"):
            self.write_topic_lists(writer, discovery, topic)
        self.write_positions(writer, discovery)
        self.write_feeds(discovery)
        self.write_open_data(discovery)
        self.settings.setdefault("ARCHIVE_TIMINGS", {})["discovery"] = time.perf_counter() - started

    def write_page(self, writer, url: str, template: str, **variables) -> None:
        writer.write_file(
            paging.save_as(url),
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            **variables,
        )

    def write_timeline(self, writer, book, topic=None) -> None:
        """The timeline's first page (unless it is the topic's own page) and its year pages."""
        if topic is None:
            self.write_page(
                writer, book.base_url, "timeline", page_name="timeline", book=book, timeline_page=book.latest
            )
        for page in book.pages:
            self.write_page(writer, page.url, "timeline", book=book, timeline_page=page, topic=topic)

    def write_topic_lists(self, writer, discovery, topic) -> None:
        """A topic's documents in pages of 50, and its timeline by year."""
        for page in discovery.topic_document_pages(topic):
            self.write_page(writer, page.url, "topic_documents", topic=topic, documents_page=page)
        self.write_timeline(writer, discovery.topic_timeline_book(topic), topic)

    def write_positions(self, writer, discovery) -> None:
        """The actor-by-demand table, one page per run of actors and run of demands."""
        tiles = discovery.position_tiles
        for tile in tiles:
            self.write_page(writer, tile.url, "positions", page_name="positions", position_tiles=tiles, tile=tile)

    def write_text(self, relative_path: str, text: str) -> None:
        path = Path(self.output_path) / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_feeds(self, discovery) -> None:
        base = feeds.base_url(self.settings)
        site = self.settings["SITENAME"]
        documents = discovery.archive.documents
        fallback = feeds.newest_date(documents)
        language = self.settings.get("DEFAULT_LANG", "en")
        entries = feeds.FeedEntries()

        def write(spec, feed_documents):
            xml = feeds.build_feed(spec, feed_documents, base, language, site, fallback, entries)
            self.write_text(spec.path, xml)

        write(feeds.FeedSpec(FEED_ALL, site, "", self.settings.get("SITE_DESCRIPTION", "")), documents)
        for topic in discovery.registry.entities("topic"):
            spec = feeds.FeedSpec(feed_path(topic), f"{topic.title} · {site}", topic.url)
            write(spec, discovery.topic(topic).documents)
        for actor in discovery.registry.entities("actor"):
            spec = feeds.FeedSpec(feed_path(actor), f"{actor.title} · {site}", actor.url)
            write(spec, discovery.documents_involving(actor))

    def write_open_data(self, discovery) -> None:
        site_url = self.settings.get("SITEURL") or ""
        absolute = feeds.is_absolute(site_url)

        def address(url: str) -> str:
            return f"{site_url.rstrip('/')}/{url}" if absolute else url or "./"

        data = open_data.OpenData(
            discovery.archive,
            discovery.registry,
            address,
            self.settings.get("SITENAME", ""),
            site_url.rstrip("/") if absolute else None,
        ).build()
        self.write_text(open_data.DATA_PATH, open_data.to_json(data))
        self.write_text(open_data.SCHEMA_URL_PATH, open_data.schema_text())

    def report_empty_topics(self, discovery) -> None:
        log = problem_log(self.settings)
        for topic in discovery.registry.entities("topic"):
            if discovery.topic(topic).documents:
                continue
            log.add(
                Problem(
                    getattr(topic, "source_path_relative", topic.slug),
                    1,
                    f"The topic '{topic.title}' has no published document yet",
                    "Name it in the Topics field of a summary or explainer, or in the Topics field of a demand "
                    "that a document lists",
                    SUGGESTION,
                )
            )


def get_generators(pelican):
    return DiscoveryGenerator
