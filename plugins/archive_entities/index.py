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
        self._index_references()
        self._index_positions()

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

    def covered_in(self, entity) -> list:
        """Documents that list the entity in their header, newest first."""
        return list(self._covering.get(entity_key(entity), []))

    def positions_of(self, entity) -> list[PositionRecord]:
        """Positions taken by an actor, or on a demand, oldest first."""
        return list(self._positions_by.get(entity_key(entity), []))

    def positions_in(self, document) -> list[PositionRecord]:
        """Positions a document records, in the order of its header."""
        return sorted(self._positions_in.get(id(document), []), key=lambda record: record.line)
