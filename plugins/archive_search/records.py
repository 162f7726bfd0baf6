"""What the search index holds for each document and entity: one small HTML page.

Search does not read the built pages, whose navigation, chips and related
lists would swamp the results; it indexes a page of its own per content object
with the title, the names (weighted so that an entity ranks first for its own
name and every alias), the text, and the filters taken from the entity model.
Pure module: works on any objects with the attributes the reader and the
reference resolver set; imports nothing from Pelican.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from html import escape

from archive_entities.index import document_day
from archive_model.model import TYPE_LABELS

DOCUMENT_TYPES = ("article", "summary")
# Pagefind's highest weight: names outrank any number of mentions in a text.
NAME_WEIGHT = 10
FILTER_KEYS = {"actor": "actors", "demand": "demands", "topic": "topics"}
# A hidden filter holding every name of an entity in its folded form: the search
# page asks it for an exact match first, so an entity always leads the results
# for its own name or alias. themes/explainer/static/js/search.js folds a query
# the same way.
NAME_FILTER = "name"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


@dataclass(frozen=True)
class SearchRecord:
    """One page of the search index: where it is saved and what is indexed."""

    save_as: str
    html: str


def name_key(name: str) -> str:
    """A name as the search page compares it: NFC, lower case, one kind of dash
    and apostrophe, single spaces."""
    text = unicodedata.normalize("NFC", name).lower()
    for dash in DASHES:
        text = text.replace(dash, "-")
    return " ".join(text.replace("\u2019", "'").split())


def type_label(content) -> str:
    kind = getattr(content, "doc_type", None) or getattr(content, "kind", "")
    return TYPE_LABELS.get(kind, kind.capitalize())


def _names(entities) -> list[str]:
    return sorted({entity.title for entity in entities}, key=lambda name: (name.casefold(), name))


def document_filters(document, positions) -> dict[str, list[str]]:
    """Actors, demands and topics a document names in its header or its positions."""
    references = getattr(document, "references", None) or {}
    found = {kind: list(references.get(key, [])) for kind, key in FILTER_KEYS.items()}
    for record in positions:
        found["actor"].append(record.actor)
        found["demand"].append(record.demand)
    filters = {kind: _names(entities) for kind, entities in found.items() if entities}
    filters["year"] = [str(document_day(document).year)]
    return filters


def entity_filters(entity) -> dict[str, list[str]]:
    """An entity is found under its own name, and under the entities it names."""
    references = getattr(entity, "references", None) or {}
    found = {entity.kind: [entity]}
    for key in ("affiliation", "made_by", "addressed_to"):
        found.setdefault("actor", []).extend(references.get(key, []))
    found.setdefault("topic", []).extend(references.get("topics", []))
    filters = {kind: _names(entities) for kind, entities in found.items() if entities}
    filters[NAME_FILTER] = sorted({name_key(name) for name in entity.names} - {""})
    return filters


def _filter_tags(filters: dict[str, list[str]]) -> str:
    return "".join(
        f'<span data-pagefind-filter="{escape(key)}">{escape(value)}</span>'
        for key in sorted(filters)
        for value in filters[key]
    )


def _meta_tags(meta: dict[str, str]) -> str:
    return "".join(
        f'<span data-pagefind-meta="{escape(key)}">{escape(value)}</span>' for key, value in sorted(meta.items())
    )


def _page(title: str, parts: list[str], filters, meta) -> str:
    hidden = f'<div data-pagefind-ignore="index">{_filter_tags(filters)}{_meta_tags(meta)}</div>'
    body = "\n".join(part for part in parts if part)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
        f"<h1>{escape(title)}</h1>\n{body}\n{hidden}</main></body></html>\n"
    )


def _summary(content) -> str:
    """The summary the editor wrote; never one cut from the text, which is indexed already."""
    summary = (getattr(content, "metadata", None) or {}).get("summary", "")
    return f"<div>{summary}</div>" if summary else ""


def _date_meta(day: datetime.date) -> dict[str, str]:
    return {"date": f"{day.day} {day:%B %Y}", "datetime": day.isoformat()}


def document_record(document, positions=()) -> SearchRecord:
    """The search page of an explainer or an annotated summary.

    `summary` and `content` are rendered Markdown (trusted HTML); every other
    field is escaped.
    """
    source = ", ".join(
        escape(value) for value in (getattr(document, "source", ""), getattr(document, "source_author", "")) if value
    )
    parts = [
        f"<p>{source}</p>" if source else "",
        _summary(document),
        f"<div>{document.content}</div>",
    ]
    meta = {"type": type_label(document), **_date_meta(document_day(document))}
    filters = {"type": [type_label(document)], **document_filters(document, positions)}
    return SearchRecord(document.save_as, _page(document.title, parts, filters, meta))


def entity_record(entity) -> SearchRecord:
    """The search page of an actor, a demand or a topic: its names weigh most."""
    names = " · ".join(escape(name) for name in entity.names)
    role = getattr(entity, "role", "")
    parts = [
        f'<p data-pagefind-weight="{NAME_WEIGHT}">{names}</p>',
        f"<p>{escape(role)}</p>" if role else "",
        _summary(entity),
        f"<div>{entity.content}</div>",
    ]
    meta = {"type": type_label(entity)}
    filters = {"type": [type_label(entity)], **entity_filters(entity)}
    return SearchRecord(entity.save_as, _page(entity.title, parts, filters, meta))


class SearchRecords:
    """Every record of the index, in the order of their paths, each page made
    only when it is reached: the indexer starts on the first ones while the
    next are made."""

    def __init__(self, documents, entities, positions_in=lambda document: ()):
        sources = [(d.save_as, d, True) for d in documents if d.doc_type in DOCUMENT_TYPES]
        sources += [(entity.save_as, entity, False) for entity in entities]
        self.sources = sorted(sources, key=lambda source: source[0])
        self.positions_in = positions_in

    @property
    def paths(self) -> list[str]:
        return [path for path, _, _ in self.sources]

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self):
        for _, content, is_document in self.sources:
            yield document_record(content, self.positions_in(content)) if is_document else entity_record(content)


def search_records(documents, entities, positions_in=lambda document: ()) -> list[SearchRecord]:
    """Every record of the index, in the order of their paths."""
    return list(SearchRecords(documents, entities, positions_in))
