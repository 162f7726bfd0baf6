"""Find and link the mentions of actors and demands in every document's text.

Works on content objects after every file is read: rewrites their rendered
body (`_content`) with links whose address is Pelican's `{filename}`
placeholder, which Pelican turns into the right URL for each page it writes
(relative in development, absolute when published). Records on each
document a `mentions` list: one `Mention` per entity, in order of appearance.
Imports nothing from Pelican.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

from archive_model.header import split_header

from .index import entity_key
from .linker import Target, link_mentions
from .matcher import MentionMatcher

MENTIONED_KINDS = ("actor", "demand")
LINKED_TYPES = ("article", "summary", "topic", "actor", "demand")
KIND_LABELS = {"person": "Person", "organisation": "Organisation", "state": "State", "media": "Media"}


@dataclass(frozen=True)
class Mention:
    """An entity found in a document's text: how often, and the first sentence."""

    entity: object
    document: object
    count: int
    snippet: str
    words: str


def mention_names(registry) -> list[tuple[str, tuple]]:
    """(name, key) for the title and every alias of every actor and demand."""
    names = []
    for kind in MENTIONED_KINDS:
        for entity in registry.entities(kind):
            for name in entity.names:
                names.append((name, entity_key(entity)))
    return names


def link_title(entity) -> str:
    if entity.kind == "actor":
        return getattr(entity, "role", "") or KIND_LABELS.get(getattr(entity, "actor_kind", ""), "Actor")
    outcome = (getattr(entity, "outcome", "") or "open").replace("-", " ")
    return f"Demand ({outcome})"


def link_targets(registry) -> dict:
    targets = {}
    for kind in MENTIONED_KINDS:
        for entity in registry.entities(kind):
            href = "{filename}/" + entity.source_path_relative
            targets[entity_key(entity)] = Target(href, link_title(entity), kind)
    return targets


class MentionLinker:
    """One matcher for the whole build; `link(content)` links one document."""

    def __init__(self, registry):
        self.registry = registry
        self.matcher = MentionMatcher(mention_names(registry))
        self.targets = link_targets(registry)

    def fingerprint(self) -> tuple:
        """What the links depend on besides the text: every name and every target."""
        return (tuple(mention_names(self.registry)), tuple(sorted(self.targets.items())))

    def link(self, content, memo: LinkMemo | None = None) -> None:
        source = content._content or ""
        own = own_key(content)
        found = memo.recall(content.source_path, own, source) if memo else None
        if found is None:
            found = self.linked(content)
            if memo:
                memo.keep(content.source_path, own, source, found)
        self.apply(content, found)

    def linked(self, content) -> PackedLinks:
        """The content's text with its mentions linked, compressed (None when it
        has no link), and what was found; the content is left as it is. Small
        enough for a process of the build to send back."""
        source = content._content or ""
        linked = link_mentions(source, self.matcher, self.targets, skip_key=own_key(content))
        packed = None if linked.html is source else PackedText(linked.html)
        return PackedLinks(packed, linked.counts, linked.snippets, linked.first_words)

    def apply(self, content, found: PackedLinks) -> None:
        if found.packed is not None:
            use_packed_text(content, found.packed)
        content.mentions = [
            Mention(self.registry.get(*key), content, found.counts[key], found.snippets[key], found.first_words[key])
            for key in found.snippets
        ]

    def first_lines(self, content) -> dict:
        """Line of the first mention of each entity in the Markdown file, if found."""
        try:
            with open(content.source_path, encoding="utf-8-sig") as handle:
                header = split_header(handle.read())
        except (OSError, UnicodeDecodeError):
            return {}
        lines = {}
        for match in self.matcher.find(header.body):
            if match.key not in lines:
                lines[match.key] = header.body_first_line + header.body.count("\n", 0, match.start)
        return lines


def own_key(content):
    """The entity whose own page this is: its name is never linked there."""
    return entity_key(content) if getattr(content, "doc_type", "") in MENTIONED_KINDS else None


def is_linked(content) -> bool:
    return getattr(content, "doc_type", "") in LINKED_TYPES and hasattr(content, "_content")


class PackedText:
    """A document's rendered HTML kept compressed until a page asks for it: the
    texts are the largest part of a build's memory, and each is read about twice
    (its own page and its search record)."""

    __slots__ = ("_packed",)

    def __init__(self, text: str):
        self._packed = zlib.compress(text.encode("utf-8"), 1)

    def text(self) -> str:
        return zlib.decompress(self._packed).decode("utf-8")


@dataclass
class PackedLinks:
    """A text with its mentions linked, compressed, and what was found in it."""

    packed: PackedText | None  # None: the text has no link, it stays as it was
    counts: dict
    snippets: dict
    first_words: dict


def pack_rendered_text(content) -> None:
    """Keep `content._content` compressed from now on."""
    text = content.__dict__.pop("_content", None)
    if not text:
        content._content = text
        return
    use_packed_text(content, PackedText(text))


def use_packed_text(content, packed: PackedText) -> None:
    """The content's text is `packed` from now on. Pelican's `get_content`
    reads it through `_get_content`; a plugin that sets `_content` later still
    has its text used."""
    content.__dict__.pop("_content", None)

    def rendered_text():
        return content.__dict__.get("_content") or packed.text()

    content._get_content = rendered_text


class LinkMemo:
    """The linked texts of one livereload session. A preview links every text
    again, as a full build does, so that every problem is still reported; a text
    that did not change, linked with the same names, links the same way, so it
    is taken from here. Each is kept compressed."""

    def __init__(self):
        self._fingerprint = None
        self._entries: dict = {}

    def bind(self, fingerprint) -> None:
        """Forget everything when a name, an alias or an entity's page changed."""
        if fingerprint != self._fingerprint:
            self._entries.clear()
            self._fingerprint = fingerprint

    def recall(self, path: str, own_key, source: str) -> PackedLinks | None:
        entry = self._entries.get((path, own_key))
        if entry is None or entry[0] != _digest(source):
            return None
        return entry[1]

    def keep(self, path: str, own_key, source: str, found: PackedLinks) -> None:
        self._entries[(path, own_key)] = (_digest(source), found)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
