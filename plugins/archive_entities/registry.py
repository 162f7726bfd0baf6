"""The entity registry: every actor, demand and topic, found by name, alias or slug.

Pure module: imports nothing from Pelican. Entities are any objects with
`kind`, `slug`, `title` and an optional `aliases` list.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field


def fold(name: str) -> str:
    """The form in which names are compared: NFC, case-folded, spaces squeezed,
    dashes and hyphens made one."""
    text = unicodedata.normalize("NFC", name).casefold()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    text = text.replace("\u2019", "'")
    return " ".join(text.split())


@dataclass(frozen=True)
class Claim:
    """One name that one entity answers to."""

    name: str
    kind: str
    slug: str


@dataclass
class Registry:
    by_key: dict[tuple[str, str], object] = field(default_factory=dict)
    names: dict[tuple[str, str], Claim] = field(default_factory=dict)
    conflicts: list[tuple[Claim, Claim]] = field(default_factory=list)

    @classmethod
    def build(cls, entities) -> Registry:
        registry = cls()
        for entity in sorted(entities, key=lambda e: (e.kind, e.slug)):
            registry.add(entity)
        return registry

    def add(self, entity) -> None:
        self.by_key[(entity.kind, entity.slug)] = entity
        names = [entity.title, *getattr(entity, "aliases", []), entity.slug]
        seen = set()
        for name in names:
            folded = fold(name)
            if not folded or folded in seen:
                continue
            seen.add(folded)
            claim = Claim(name, entity.kind, entity.slug)
            key = (entity.kind, folded)
            other = self.names.get(key)
            if other is not None and other.slug != entity.slug:
                self.conflicts.append((other, claim))
                continue
            self.names[key] = claim

    def entities(self, kind: str) -> list:
        return [e for (k, _), e in sorted(self.by_key.items()) if k == kind]

    def get(self, kind: str, slug: str):
        return self.by_key.get((kind, slug))

    def resolve(self, kind: str, name: str):
        """The entity of this kind that answers to `name`, or None."""
        claim = self.names.get((kind, fold(name)))
        return self.by_key[(kind, claim.slug)] if claim else None

    def _written(self, claim: Claim) -> str:
        """The name as an editor would write it: the title rather than the slug."""
        return self.by_key[(claim.kind, claim.slug)].title if claim.name == claim.slug else claim.name

    def suggest(self, kind: str, name: str) -> str | None:
        """The closest known name of this kind, for a did-you-mean."""
        candidates = {folded: self._written(claim) for (k, folded), claim in self.names.items() if k == kind}
        close = difflib.get_close_matches(fold(name), sorted(candidates), n=1, cutoff=0.6)
        return candidates[close[0]] if close else None
