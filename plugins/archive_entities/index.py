"""The archive index: documents, entities and positions, and the ways between them.

Built once per build after every file is read; templates reach it as `archive`.
Pure module: works on any objects with the attributes the reader and the
reference resolver set; imports nothing from Pelican.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from archive_model.problems import Problem

from .references import unknown_reference
from .related import RelatedIndex

CO_MENTION_LIMIT = 5


@dataclass(frozen=True)
class PositionRecord:
    """One actor's stance on one demand, as one document records it."""

    actor: object
    stance: str
    demand: object
    date: datetime.date
    document: object
    line: int

    @property
    def sort_key(self):
        return (self.date, self.document.slug, self.actor.slug, self.demand.slug, self.stance)


def document_day(document) -> datetime.date:
    """The day a document speaks for: its source's date, else its own."""
    value = getattr(document, "source_date_value", None)
    if value:
        return value
    date = document.date
    return date.date() if isinstance(date, datetime.datetime) else date


def newest_first(document) -> tuple:
    return (-document_day(document).toordinal(), document.slug)


def entity_key(entity) -> tuple[str, str]:
    return (entity.kind, entity.slug)


class ArchiveIndex:
    def __init__(self, registry, documents):
        self.registry = registry
        self.documents = sorted(documents, key=lambda d: (d.date, d.slug), reverse=True)
        self.positions: list[PositionRecord] = []
        self._covering: dict[tuple, list] = defaultdict(list)
        self._positions_by: dict[tuple, list[PositionRecord]] = defaultdict(list)
        self._positions_in: dict[int, list[PositionRecord]] = defaultdict(list)
        self.problems: list[Problem] = []
        self._mentions: dict[tuple, list] = defaultdict(list)
        self._mention_in: dict[tuple, object] = {}
        self._actors_by_document: dict[int, frozenset] = {}
        self._index_references()
        self._index_positions()
        self._index_mentions()
        self._related = RelatedIndex(self.documents)
        self._members = self._index_members()

    def _index_references(self) -> None:
        for document in self.documents:
            references = getattr(document, "references", {})
            for key in ("actors", "demands", "topics"):
                for entity in references.get(key, []):
                    self._covering[entity_key(entity)].append(document)

    def _index_positions(self) -> None:
        for document in self.documents:
            for position in getattr(document, "positions", None) or []:
                record = self._resolve_position(document, position)
                if record is not None:
                    self.positions.append(record)
        self.positions.sort(key=lambda record: record.sort_key)
        for record in self.positions:
            self._positions_by[entity_key(record.actor)].append(record)
            self._positions_by[entity_key(record.demand)].append(record)
            self._positions_in[id(record.document)].append(record)

    def _resolve_position(self, document, position) -> PositionRecord | None:
        actor = self.registry.resolve("actor", position.actor)
        demand = self.registry.resolve("demand", position.demand)
        if actor is None:
            self.problems.append(
                unknown_reference(document, "positions", position.actor, "actor", self.registry, position.line)
            )
        if demand is None:
            self.problems.append(
                unknown_reference(document, "positions", position.demand, "demand", self.registry, position.line)
            )
        if actor is None or demand is None:
            return None
        return PositionRecord(actor, position.stance, demand, document_day(document), document, position.line)

    def _index_mentions(self) -> None:
        for document in self.documents:
            for mention in getattr(document, "mentions", None) or []:
                key = entity_key(mention.entity)
                self._mentions[key].append(mention)
                self._mention_in[(id(document), key)] = mention

    def _index_members(self) -> dict[tuple, list]:
        members = defaultdict(list)
        for actor in self.registry.entities("actor"):
            for affiliation in getattr(actor, "references", {}).get("affiliation", []):
                members[entity_key(affiliation)].append(actor)
        for found in members.values():
            found.sort(key=lambda actor: (actor.title.casefold(), actor.slug))
        return members

    def covered_in(self, entity) -> list:
        """Documents that list the entity in their header, newest first."""
        return list(self._covering.get(entity_key(entity), []))

    def positions_of(self, entity) -> list[PositionRecord]:
        """Positions taken by an actor, or on a demand, oldest first."""
        return list(self._positions_by.get(entity_key(entity), []))

    def positions_in(self, document) -> list[PositionRecord]:
        """Positions a document records, in the order of its header."""
        return sorted(self._positions_in.get(id(document), []), key=lambda record: record.line)

    def mention(self, document, entity):
        """How a document mentions an entity in its text (count, snippet), or None."""
        return self._mention_in.get((id(document), entity_key(entity)))

    def mentions_of(self, entity) -> list:
        """Every mention of the entity in a document's text, newest document first."""
        return list(self._mentions.get(entity_key(entity), []))

    def mentioned_in(self, entity) -> list:
        """Mentions in documents that do not list the entity, newest source first."""
        covering = {id(document) for document in self._covering.get(entity_key(entity), [])}
        found = [m for m in self._mentions.get(entity_key(entity), []) if id(m.document) not in covering]
        return sorted(found, key=lambda m: newest_first(m.document))

    def coverage(self, entity) -> list[tuple]:
        """(document, day it speaks for, mention or None) for each document that
        lists the entity, newest source first."""
        documents = sorted(self._covering.get(entity_key(entity), []), key=newest_first)
        return [(d, document_day(d), self.mention(d, entity)) for d in documents]

    def members(self, actor) -> list:
        """Actors whose Affiliation is this actor, by name."""
        return list(self._members.get(entity_key(actor), []))

    def co_mentioned(self, actor, limit: int = CO_MENTION_LIMIT) -> list[tuple]:
        """(actor, number of documents) for the actors most often found with this one."""
        own = entity_key(actor)
        counts: dict[tuple, int] = defaultdict(int)
        for document in self._documents_with(own):
            for key in self._actors_in(document):
                counts[key] += 1
        counts.pop(own, None)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.registry.get(*item[0]).title.casefold()))
        return [(self.registry.get(*key), count) for key, count in ranked[:limit]]

    def _documents_with(self, key) -> list:
        found = {id(d): d for d in self._covering.get(key, [])}
        found.update((id(m.document), m.document) for m in self._mentions.get(key, []))
        return list(found.values())

    def _actors_in(self, document) -> frozenset:
        """The actors a document lists or mentions (worked out once per document)."""
        known = self._actors_by_document.get(id(document))
        if known is None:
            listed = {entity_key(a) for a in getattr(document, "references", {}).get("actors", [])}
            mentioned = getattr(document, "mentions", None) or []
            found = {entity_key(m.entity) for m in mentioned if m.entity.kind == "actor"}
            known = self._actors_by_document[id(document)] = frozenset(listed | found)
        return known

    def related(self, document, limit: int = 5) -> list:
        """Up to `limit` documents sharing the most actors, demands and topics."""
        return self._related.related(document, limit)

    def position_table(self) -> PositionTable:
        return PositionTable(self.positions)


class PositionTable:
    """The latest stance of each actor on each demand (rows: actors, columns: demands)."""

    def __init__(self, positions):
        self.cells: dict[tuple, PositionRecord] = {}
        for record in positions:
            cell = (record.actor.slug, record.demand.slug)
            current = self.cells.get(cell)
            if current is None or record.sort_key >= current.sort_key:
                self.cells[cell] = record
        by_title = lambda entity: (entity.title.casefold(), entity.slug)  # noqa: E731
        self.actors = sorted({id(r.actor): r.actor for r in self.cells.values()}.values(), key=by_title)
        self.demands = sorted({id(r.demand): r.demand for r in self.cells.values()}.values(), key=by_title)

    def cell(self, actor, demand):
        return self.cells.get((actor.slug, demand.slug))

    def __len__(self) -> int:
        return len(self.cells)
