"""The archive's content model: which fields each type of file has, and checks.

`read_fields` turns a parsed header into clean metadata plus the problems found.
Reference fields (actors, demands, topics...) stay as the names the editor
wrote; the entities plugin resolves them. Pure module: no Pelican imports.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from .header import Field, Header
from .problems import ERROR, STRICT, Problem

DOCUMENT_TYPES = {
    "articles": "article",
    "summaries": "summary",
    "actors": "actor",
    "demands": "demand",
    "topics": "topic",
    "pages": "page",
}
TYPE_LABELS = {
    "article": "Explainer",
    "summary": "Annotated summary",
    "actor": "Actor",
    "demand": "Demand",
    "topic": "Topic",
    "page": "Page",
}

ACTOR_KINDS = ("person", "organisation", "state", "media")
OUTCOMES = ("open", "rejected", "partly-met", "met", "withdrawn")
STANCES = ("demands", "supports", "rejects", "discusses")
STATUSES = ("published", "draft")

LIST_FIELDS = {"topics", "actors", "demands", "aliases", "made_by", "addressed_to"}
MULTILINE_FIELDS = {"summary"}  # Markdown: its line breaks mean something
COMMON_FIELDS = {"title", "slug", "status", "summary", "modified"}
DOCUMENT_FIELDS = COMMON_FIELDS | {"date", "topics", "actors", "demands"}
FIELDS_BY_TYPE = {
    "article": DOCUMENT_FIELDS,
    "summary": DOCUMENT_FIELDS
    | {
        "source",
        "source_url",
        "source_date",
        "source_author",
        "source_language",
        "positions",
    },
    "actor": COMMON_FIELDS | {"kind", "aliases", "role", "affiliation", "wikidata"},
    "demand": COMMON_FIELDS | {"aliases", "made_by", "addressed_to", "outcome", "topics"},
    "topic": COMMON_FIELDS | {"aliases"},
    "page": COMMON_FIELDS | {"date"},
}
REQUIRED_BY_TYPE = {
    "article": ("title", "date", "summary"),
    "summary": ("title", "date", "summary", "source", "source_url", "source_date"),
    "actor": ("title", "kind"),
    "demand": ("title",),
    "topic": ("title", "summary"),
    "page": ("title",),
}
FIELD_NAMES = {
    "made_by": "Made-by",
    "addressed_to": "Addressed-to",
    "source_url": "Source-URL",
    "source_date": "Source-Date",
    "source_author": "Source-Author",
    "source_language": "Source-Language",
}
# metadata keys that would clash with attributes of Pelican's content objects
STORED_AS = {"kind": "actor_kind"}
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# written forms whose day and month cannot be confused (not 01/02/2022); English month names
UNAMBIGUOUS_DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")
WIKIDATA_ID = re.compile(r"^Q[1-9]\d*$")
HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# characters a URL cannot hold unencoded (RFC 3986); in a link they would end the attribute or the tag
NOT_IN_URL = re.compile(r'["<>\\^`{|}]')
SLUG = re.compile(r"^\w+(?:[-.]\w+)*$")


def field_name(key: str) -> str:
    """The name an editor writes for a canonical key: `source_url` -> `Source-URL`."""
    return FIELD_NAMES.get(key, key.replace("_", "-").capitalize())


@dataclass(frozen=True)
class Position:
    actor: str
    stance: str
    demand: str
    line: int


def document_type(relative_path: str) -> str | None:
    """The type of a content file from its top folder: `actors/x.md` -> `actor`."""
    top = relative_path.replace("\\", "/").split("/", 1)[0]
    return DOCUMENT_TYPES.get(top)


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


def parse_date(value: str) -> datetime.date | None:
    if not DATE_FORMAT.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def guess_date(text: str) -> str | None:
    """The YYYY-MM-DD form of a date written in another unambiguous form."""
    for form in UNAMBIGUOUS_DATE_FORMS:
        try:
            return datetime.datetime.strptime(text.strip(), form).date().isoformat()
        except ValueError:
            continue
    return None


def join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


class FieldReader:
    """Reads one file's header into metadata and problems."""

    def __init__(self, path: str, doc_type: str, header: Header):
        self.path = path
        self.doc_type = doc_type
        self.header = header
        self.problems: list[Problem] = []

    def problem(self, line, message, fix="", severity=ERROR):
        self.problems.append(Problem(self.path, line, message, fix, severity))

    def read(self) -> dict:
        metadata: dict = {"doc_type": self.doc_type, "field_lines": {}}
        self._check_known_fields()
        self._check_required()
        for key, found in self.header.fields.items():
            if key not in FIELDS_BY_TYPE[self.doc_type]:
                continue
            metadata["field_lines"][key] = found.line
            value = self._value(found)
            if value is not None and value != "":  # 'Role:' with nothing after it gives no role
                metadata[STORED_AS.get(key, key)] = value
        if not metadata.get("title"):  # reported above; the file name keeps the page apart
            metadata["title"] = self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return metadata

    def _check_known_fields(self):
        allowed = FIELDS_BY_TYPE[self.doc_type]
        for key, found in self.header.fields.items():
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            fix = (
                f"Did you mean '{field_name(close[0])}'?"
                if close
                else "Remove it, or see docs/EDITING.md for the fields of this type"
            )
            self.problem(
                found.line, f"Unknown field '{found.written}' in {with_article(self.doc_type)} file", fix, STRICT
            )
        for found in self.header.duplicates:
            first = self.header.fields[found.key].line
            self.problem(
                found.line,
                f"Field '{found.written}' is given twice (first on line {first})",
                "Keep one of the two lines",
                STRICT,
            )

    def _check_required(self):
        if not self.header.fields:
            names = join_and([f"'{field_name(key)}'" for key in REQUIRED_BY_TYPE[self.doc_type]])
            self.problem(
                1,
                f"The file has no header: {with_article(self.doc_type)} needs {names}",
                "Start the file with 'Key: value' lines, then a blank line, then the text (see docs/EDITING.md)",
            )
            return
        for key in REQUIRED_BY_TYPE[self.doc_type]:
            if self.header.get(key):
                continue
            line = self.header.line_of(key) if key in self.header.fields else 1
            state = "is empty" if key in self.header.fields else "is missing"
            severity = ERROR if key in ("title", "date", "kind") else STRICT
            self.problem(
                line,
                f"'{field_name(key)}' {state}",
                f"Add a line '{field_name(key)}: ...' to the header at the top of the file (see docs/EDITING.md)",
                severity,
            )

    def _value(self, found: Field):
        key = found.key
        if key == "positions":
            return self._positions(found)
        text = "\n".join(value for _, value in found.value_lines()).strip()
        if key in LIST_FIELDS:
            return split_list(text)
        if key not in MULTILINE_FIELDS:  # a title continued on the next line is still one line
            text = " ".join(text.split())
        checker = getattr(self, f"_check_{key}", None)
        return checker(found, text) if checker else text

    def _check_date(self, found, text):
        if parse_date(text):
            return text
        if DATE_FORMAT.match(text):
            message = f"{field_name(found.key)} '{text}' is not a real day"
        else:
            message = f"{field_name(found.key)} '{text}' is not in the form YYYY-MM-DD"
        meant = guess_date(text)
        fix = f"Did you mean {meant}? " if meant else ""
        self.problem(found.line, message, f"{fix}Write the date as YYYY-MM-DD, for example 2022-01-12")
        return None

    _check_source_date = _check_date
    _check_modified = _check_date

    def _check_vocabulary(self, found, text, allowed, severity=ERROR):
        if text.lower() in allowed:
            return text.lower()
        close = difflib.get_close_matches(text.lower(), allowed, n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        self.problem(
            found.line,
            f"{field_name(found.key)} '{text}' is not one of: {', '.join(allowed)}",
            f"{hint}Use one of the listed values",
            severity,
        )
        return None

    def _check_kind(self, found, text):
        return self._check_vocabulary(found, text, ACTOR_KINDS)

    def _check_outcome(self, found, text):
        return self._check_vocabulary(found, text, OUTCOMES)

    def _check_status(self, found, text):
        return self._check_vocabulary(found, text, STATUSES)

    def _check_source_url(self, found, text):
        bad = NOT_IN_URL.search(text)
        if HTTP_URL.match(text) and bad:
            self.problem(
                found.line,
                f"Source-URL '{text}' holds the character {bad.group()!r}, which a web address cannot hold",
                "Copy the address again from the browser's address bar",
            )
            return None
        if HTTP_URL.match(text):
            return text
        self.problem(
            found.line,
            f"Source-URL '{text}' is not a web address starting with http:// or https://",
            "Give the full address of the original document, for example https://www.nato.int/...",
        )
        return None

    def _check_slug(self, found, text):
        if SLUG.match(text):
            return text
        self.problem(
            found.line,
            f"Slug '{text}' is not a slug: it becomes the page's address, so it may hold only letters, "
            "digits and single hyphens or dots",
            "Write it like what-russia-asked, or leave the Slug line out to use the file name",
        )
        return None

    def _check_wikidata(self, found, text):
        if WIKIDATA_ID.match(text):
            return text
        self.problem(
            found.line,
            f"Wikidata '{text}' is not a Wikidata id",
            "Write the Q-number alone, for example Q7747, or leave the field out",
            STRICT,
        )
        return None

    def _positions(self, found: Field) -> list[Position]:
        positions = []
        for line, text in found.value_lines():
            parts = [part.strip() for part in text.split("|")]
            if len(parts) != 3 or not all(parts):
                self.problem(
                    line,
                    f"Positions line '{text.strip()}' has {len(parts)} part(s), not three",
                    "Write each position as 'Actor | stance | Demand' on a line of its own",
                    STRICT,
                )
                continue
            actor, stance, demand = parts
            if stance.lower() not in STANCES:
                close = difflib.get_close_matches(stance.lower(), STANCES, n=1, cutoff=0.6)
                hint = f"Did you mean '{close[0]}'? " if close else ""
                self.problem(
                    line,
                    f"Stance '{stance}' is not one of: {', '.join(STANCES)}",
                    f"{hint}Use one of the listed stances",
                    STRICT,
                )
                continue
            positions.append(Position(actor, stance.lower(), demand, line))
        return positions


def read_fields(path: str, doc_type: str, header: Header) -> tuple[dict, list[Problem]]:
    reader = FieldReader(path, doc_type, header)
    metadata = reader.read()
    return metadata, reader.problems
