"""Which documents, actors and demands belong to a topic, and who is involved.

The rule: a document belongs to a topic when its `Topics` field names the
topic, or when its `Demands` field names a demand whose `Topics` field names
the topic. Pure module: works on the archive index and the entities the
reference resolver fills in; imports nothing from Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def referenced(content, key: str) -> list:
    """The entities a content object's field `key` names, resolved."""
    return list((getattr(content, "references", None) or {}).get(key, []))


def same(entity, other) -> bool:
    return (entity.kind, entity.slug) == (other.kind, other.slug)


def names_entity(entities, entity) -> bool:
    return any(same(entity, other) for other in entities)


def belongs_to_topic(document, topic) -> bool:
    return (topic.kind, topic.slug) in topics_of(document)


def topics_of(document) -> set[tuple[str, str]]:
    """(kind, slug) of every topic the document belongs to: those it names and
    those its demands name."""
    found = {(topic.kind, topic.slug) for topic in referenced(document, "topics")}
    for demand in referenced(document, "demands"):
        found.update((topic.kind, topic.slug) for topic in referenced(demand, "topics"))
    return found


def documents_by_topic(documents) -> dict[tuple[str, str], list]:
    """{(kind, slug) of a topic: its documents, in the order given}, in one pass
    rather than one pass over every document for each topic."""
    found: dict[tuple[str, str], list] = {}
    for document in documents:
        for key in topics_of(document):
            found.setdefault(key, []).append(document)
    return found


def actors_involved(document, archive) -> list:
    """Actors the document names in its `Actors` field or in a recorded position."""
    actors = referenced(document, "actors")
    for record in archive.positions_in(document):
        if not names_entity(actors, record.actor):
            actors.append(record.actor)
    return actors


def involvement(archive) -> dict[int, list]:
    """{id(document): actors involved} for every document of the archive."""
    return {id(document): actors_involved(document, archive) for document in archive.documents}


def documents_by_actor(archive, involved: dict[int, list]) -> dict[str, list]:
    """{actor slug: documents that name it or record its stance}, newest first."""
    found: dict[str, list] = {}
    for document in archive.documents:
        for actor in involved[id(document)]:
            found.setdefault(actor.slug, []).append(document)
    return found


def rank_by_count(counts: dict, entities: dict) -> list[tuple[object, int]]:
    """(entity, count) pairs, the highest count first, then by title."""
    keys = sorted(counts, key=lambda key: (-counts[key], entities[key].title.casefold(), key))
    return [(entities[key], counts[key]) for key in keys]


@dataclass
class TopicView:
    """Everything a topic page shows about one topic."""

    topic: object
    documents: list = field(default_factory=list)
    key_actors: list[tuple[object, int]] = field(default_factory=list)
    demands: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    demand_counts: dict[str, int] = field(default_factory=dict)  # {slug: documents listing it}

    def leading_demands(self, limit: int) -> list:
        """At most `limit` demands, those most listed by the topic's documents, by title."""
        if len(self.demands) <= limit:
            return list(self.demands)
        ranked = sorted(self.demands, key=lambda d: -self.demand_counts.get(d.slug, 0))[:limit]
        return sorted(ranked, key=lambda d: (d.title.casefold(), d.slug))

    @property
    def summaries(self) -> list:
        return [d for d in self.documents if getattr(d, "doc_type", "") == "summary"]

    @property
    def explainers(self) -> list:
        return [d for d in self.documents if getattr(d, "doc_type", "") == "article"]


def topic_demands(topic, documents, all_demands) -> list:
    """Demands whose `Topics` name the topic, and demands listed by documents whose
    own `Topics` name it; sorted by title."""
    found = {d.slug: d for d in all_demands if names_entity(referenced(d, "topics"), topic)}
    for document in documents:
        if names_entity(referenced(document, "topics"), topic):
            found.update((d.slug, d) for d in referenced(document, "demands"))
    return sorted(found.values(), key=lambda d: (d.title.casefold(), d.slug))


def topic_view(topic, archive, all_demands, involved: dict[int, list], documents=None) -> TopicView:
    """The topic's documents, key actors, demands and positions; `involved` is
    `involvement(archive)`, `documents` the topic's documents in the archive's
    order when known (from `documents_by_topic`)."""
    if documents is None:
        documents = [d for d in archive.documents if belongs_to_topic(d, topic)]
    counts: dict[str, int] = {}
    actors: dict[str, object] = {}
    for document in documents:
        for actor in involved[id(document)]:
            counts[actor.slug] = counts.get(actor.slug, 0) + 1
            actors[actor.slug] = actor
    demands = topic_demands(topic, documents, all_demands)
    demand_counts: dict[str, int] = {}
    for document in documents:
        for demand in referenced(document, "demands"):
            demand_counts[demand.slug] = demand_counts.get(demand.slug, 0) + 1
    document_ids = {id(d) for d in documents}
    demand_slugs = {d.slug for d in demands}
    positions = [
        record
        for record in archive.positions
        if id(record.document) in document_ids or record.demand.slug in demand_slugs
    ]
    return TopicView(topic, documents, rank_by_count(counts, actors), demands, positions, demand_counts)
