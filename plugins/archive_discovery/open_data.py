"""The archive as open data: `/data/archive.json`, described by `archive.schema.json`.

Every actor, demand and topic with its aliases and address, every document
with the entities it references, every recorded position with its date and
source document. Sorted keys and stable orders, so two builds of the same
content give the same bytes. Pure module.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from archive_entities.index import document_day

SCHEMA_PATH = Path(__file__).with_name("archive.schema.json")
DATA_PATH = "data/archive.json"
SCHEMA_URL_PATH = "data/archive.schema.json"
DOCUMENT_TYPES = {"summary": "summary", "article": "explainer"}
REFERENCE_KEYS = ("actors", "demands", "topics")


def plain_text(html) -> str | None:
    return Markup(html).striptags() if html else None


def written_summary(content):
    """The Summary field as the editor wrote it; never Pelican's summary made from the text."""
    return (getattr(content, "metadata", None) or {}).get("summary")


def slugs(content, key) -> list[str]:
    return [entity.slug for entity in (getattr(content, "references", None) or {}).get(key, [])]


def document_id(document) -> str:
    """A document's id: its address without the trailing slash, e.g. `summaries/x`."""
    return document.url.strip("/")


class OpenData:
    """Builds the data from the archive index; `address(path)` makes a URL."""

    def __init__(self, archive, registry, address, site_name="", site_url=None):
        self.archive = archive
        self.registry = registry
        self.address = address
        self.site_name = site_name
        self.site_url = site_url

    def entity(self, entity) -> dict:
        return {
            "slug": entity.slug,
            "title": entity.title,
            "aliases": list(getattr(entity, "aliases", None) or []),
            "url": self.address(entity.url),
            "summary": plain_text(written_summary(entity)),
        }

    def actor(self, actor) -> dict:
        return {
            **self.entity(actor),
            "kind": getattr(actor, "actor_kind", None),
            "role": getattr(actor, "role", None),
            "affiliation": slugs(actor, "affiliation"),
            "wikidata": getattr(actor, "wikidata", None),
        }

    def demand(self, demand) -> dict:
        return {
            **self.entity(demand),
            "outcome": getattr(demand, "outcome", None) or "open",
            "made_by": slugs(demand, "made_by"),
            "addressed_to": slugs(demand, "addressed_to"),
            "topics": slugs(demand, "topics"),
        }

    def document(self, document) -> dict:
        source_date = getattr(document, "source_date_value", None)
        return {
            "id": document_id(document),
            "slug": document.slug,
            "type": DOCUMENT_TYPES.get(document.doc_type, document.doc_type),
            "title": document.title,
            "summary": plain_text(written_summary(document)),
            "date": document.date.date().isoformat(),
            "day": document_day(document).isoformat(),
            "url": self.address(document.url),
            "source": getattr(document, "source", None),
            "source_url": getattr(document, "source_url", None),
            "source_date": source_date.isoformat() if source_date else None,
            "references": {key: slugs(document, key) for key in REFERENCE_KEYS},
        }

    def position(self, record) -> dict:
        return {
            "actor": record.actor.slug,
            "stance": record.stance,
            "demand": record.demand.slug,
            "date": record.date.isoformat(),
            "document": document_id(record.document),
        }

    def build(self) -> dict:
        return {
            "schema": SCHEMA_URL_PATH.rsplit("/", 1)[-1],
            "site": {"name": self.site_name, "url": self.site_url},
            "actors": [self.actor(a) for a in self.registry.entities("actor")],
            "demands": [self.demand(d) for d in self.registry.entities("demand")],
            "topics": [self.entity(t) for t in self.registry.entities("topic")],
            "documents": [self.document(d) for d in self.archive.documents],
            "positions": [self.position(p) for p in self.archive.positions],
        }


def to_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")
