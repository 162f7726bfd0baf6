"""What templates ask the discovery plugin, reachable as `discovery` in every page.

One object per build, computing each view once from the archive index.
Pure module.
"""

from __future__ import annotations

from functools import cached_property

from . import pictures, timeline, topics

FEED_ALL = "feeds/all.atom.xml"
FEED_PATHS = {"topic": "feeds/topics/{slug}.atom.xml", "actor": "feeds/actors/{slug}.atom.xml"}
TIMELINE_URL = "timeline/"
TIMELINE_SAVE_AS = "timeline/index.html"
OPEN_OUTCOME = "open"


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

    feed_all = FEED_ALL
    timeline_url = TIMELINE_URL

    @staticmethod
    def feed_path(entity) -> str | None:
        return feed_path(entity)

    def topic(self, topic) -> topics.TopicView:
        if topic.slug not in self._topics:
            demands = self.registry.entities("demand")
            self._topics[topic.slug] = topics.topic_view(topic, self.archive, demands, self.involved)
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
    def _documents_by_actor(self) -> dict[str, list]:
        return topics.documents_by_actor(self.archive, self.involved)

    def documents_involving(self, actor) -> list:
        """Documents that name the actor or record its stance, newest first."""
        return list(self._documents_by_actor.get(actor.slug, []))

    @cached_property
    def timeline(self) -> list[timeline.Year]:
        return timeline.group_by_month(timeline.timeline_entries(self.archive.documents, self.archive.positions))

    def topic_timeline(self, topic) -> list[timeline.Year]:
        view = self.topic(topic)
        return timeline.group_by_month(timeline.timeline_entries(view.documents, view.positions))

    def month_chart(self, topic=None) -> pictures.MonthChart:
        documents = self.topic(topic).documents if topic is not None else self.archive.documents
        return pictures.month_chart(timeline.documents_per_month(documents))

    @cached_property
    def positions_map(self) -> pictures.PositionsMap:
        return pictures.positions_map(self.archive.positions)

    def neighbourhood_map(self, entity) -> pictures.PositionsMap:
        """The positions taken by an actor, or on a demand, with that entity marked."""
        key = (entity.kind, entity.slug)
        if key not in self._maps:
            self._maps[key] = pictures.positions_map(self.archive.positions_of(entity), focus=entity)
        return self._maps[key]
