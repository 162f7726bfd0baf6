"""What templates ask the discovery plugin, reachable as `discovery` in every page.

One object per build, computing each view once from the archive index.
Pure module.
"""

from __future__ import annotations

from functools import cached_property

from . import paging, pictures, timeline, topics

FEED_ALL = "feeds/all.atom.xml"
FEED_PATHS = {"topic": "feeds/topics/{slug}.atom.xml", "actor": "feeds/actors/{slug}.atom.xml"}
TIMELINE_URL = "timeline/"
TIMELINE_SAVE_AS = "timeline/index.html"
OPEN_OUTCOME = "open"
TOPIC_DOCUMENTS_URL = "topics/{slug}/documents/"
TOPIC_TIMELINE_URL = "topics/{slug}/timeline/"
POSITIONS_URL = "positions/"
TIMELINE_NEWEST = 100  # entries on /timeline/ itself
TOPIC_NEWEST_DOCUMENTS = 20  # documents on a topic's own page
TOPIC_NEWEST_ENTRIES = 30  # timeline entries on a topic's own page
TOPIC_KEY_ACTORS = 25  # the actors ranked on a topic's page
TOPIC_DEMANDS = 30  # the demands on a topic's page
CHART_MONTHS = 36  # months in the chart of a timeline's first page
MAP_ACTORS = 100  # the most active actors drawn on the whole archive's map
MAP_EDGES = 200  # and at most this many lines


def feed_path(entity) -> str | None:
    """The feed of a topic or an actor, relative to the site's root; None for others."""
    pattern = FEED_PATHS.get(getattr(entity, "kind", ""))
    return pattern.format(slug=entity.slug) if pattern else None


def outcome(demand) -> str:
    return getattr(demand, "outcome", None) or OPEN_OUTCOME


class Discovery:
    def __init__(self, archive, registry):
        self.archive = archive
        self.registry = registry
        self._topics: dict[str, topics.TopicView] = {}
        self._maps: dict[tuple[str, str], pictures.PositionsMap] = {}
        self._topic_books: dict[str, paging.TimelineBook] = {}

    feed_all = FEED_ALL
    timeline_url = TIMELINE_URL

    @staticmethod
    def feed_path(entity) -> str | None:
        return feed_path(entity)

    def topic(self, topic) -> topics.TopicView:
        if topic.slug not in self._topics:
            demands = self.registry.entities("demand")
            documents = self._documents_by_topic.get((topic.kind, topic.slug), [])
            self._topics[topic.slug] = topics.topic_view(topic, self.archive, demands, self.involved, documents)
        return self._topics[topic.slug]

    def latest(self, doc_type: str, count: int = 5) -> list:
        return [d for d in self.archive.documents if d.doc_type == doc_type][:count]

    def open_demands(self) -> list:
        demands = self.registry.entities("demand")
        return sorted((d for d in demands if outcome(d) == OPEN_OUTCOME), key=lambda d: (d.title.casefold(), d.slug))

    @cached_property
    def involved(self) -> dict[int, list]:
        return topics.involvement(self.archive)

    @cached_property
    def _documents_by_topic(self) -> dict[tuple[str, str], list]:
        return topics.documents_by_topic(self.archive.documents)

    @cached_property
    def _documents_by_actor(self) -> dict[str, list]:
        return topics.documents_by_actor(self.archive, self.involved)

    def documents_involving(self, actor) -> list:
        """Documents that name the actor or record its stance, newest first."""
        return list(self._documents_by_actor.get(actor.slug, []))

    @cached_property
    def timeline(self) -> list[timeline.Year]:
        return timeline.group_by_month(self.timeline_entries)

    def topic_timeline(self, topic) -> list[timeline.Year]:
        view = self.topic(topic)
        return timeline.group_by_month(timeline.timeline_entries(view.documents, view.positions))

    @cached_property
    def timeline_book(self) -> paging.TimelineBook:
        """/timeline/ with the newest entries, then pages per year."""
        return paging.timeline_book(self.timeline_entries, TIMELINE_URL, TIMELINE_NEWEST)

    @cached_property
    def timeline_entries(self) -> list[timeline.TimelineEntry]:
        return timeline.timeline_entries(self.archive.documents, self.archive.positions)

    def topic_timeline_book(self, topic) -> paging.TimelineBook:
        """The topic's newest entries (on its page), then pages per year."""
        if topic.slug not in self._topic_books:
            view = self.topic(topic)
            entries = timeline.timeline_entries(view.documents, view.positions)
            base = TOPIC_TIMELINE_URL.format(slug=topic.slug)
            self._topic_books[topic.slug] = paging.timeline_book(entries, base, TOPIC_NEWEST_ENTRIES)
        return self._topic_books[topic.slug]

    def topic_document_pages(self, topic) -> list[paging.Page]:
        """Every document of the topic, newest first, in pages of 50."""
        base = TOPIC_DOCUMENTS_URL.format(slug=topic.slug)
        return paging.pages(self.topic(topic).documents, paging.DOCUMENTS_PER_PAGE, base)

    topic_newest_documents = TOPIC_NEWEST_DOCUMENTS
    topic_key_actors = TOPIC_KEY_ACTORS
    topic_demands = TOPIC_DEMANDS
    chart_months = CHART_MONTHS

    def month_chart(self, topic=None, year=None) -> pictures.MonthChart:
        """Documents per month: of one year, or of the last CHART_MONTHS months."""
        documents = self.topic(topic).documents if topic is not None else self.archive.documents
        counts = timeline.documents_per_month(documents)
        if year is not None:
            return pictures.month_chart([count for count in counts if count[0] == year])
        return pictures.month_chart(counts[-CHART_MONTHS:])

    @cached_property
    def positions_map(self) -> pictures.PositionsMap:
        """The most active actors' positions (the table's pages list everyone's)."""
        return pictures.positions_map(self.archive.positions, max_actors=MAP_ACTORS, max_edges=MAP_EDGES)

    @cached_property
    def position_tiles(self) -> paging.TileGrid:
        return paging.tile_grid(self.archive.position_table(), POSITIONS_URL)

    def neighbourhood_map(self, entity) -> pictures.PositionsMap:
        """The positions taken by an actor, or on a demand, with that entity marked."""
        key = (entity.kind, entity.slug)
        if key not in self._maps:
            records = self.archive.positions_of(entity)
            self._maps[key] = pictures.positions_map(records, entity, max_actors=MAP_ACTORS, max_edges=MAP_EDGES)
        return self._maps[key]
