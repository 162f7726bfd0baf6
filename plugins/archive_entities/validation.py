"""Checks across entities: names claimed twice, circles of affiliations, and
entities a document mentions without listing them.

Pure module: works on entities and documents as the reader and the reference
resolver leave them; imports nothing from Pelican.
"""

from __future__ import annotations

from archive_model.model import field_name
from archive_model.problems import STRICT, SUGGESTION, Problem

from .registry import fold

LISTED_IN = {"actor": "actors", "demand": "demands"}


def _name_line(entity, name: str) -> int:
    lines = getattr(entity, "field_lines", {})
    if fold(name) == fold(entity.title):
        return lines.get("title", 0)
    return lines.get("aliases", lines.get("title", 0))


def _claimed_twice(first, second, name: str) -> Problem:
    where = first.source_path_relative
    return Problem(
        second.source_path_relative,
        _name_line(second, name),
        f"The name '{name}' is also claimed by {where} ({first.kind} '{first.title}')",
        "A name may lead to one page only: remove it from the Aliases (or change the Title) of one of the two files",
        STRICT,
    )


def name_conflicts(registry, cross_kinds=("actor", "demand")) -> list[Problem]:
    """One problem per name that two entities answer to: within a kind (names,
    aliases and slugs) and across actors and demands (names and aliases)."""
    problems = []
    for first_claim, second_claim in registry.conflicts:
        first = registry.get(first_claim.kind, first_claim.slug)
        second = registry.get(second_claim.kind, second_claim.slug)
        problems.append(_claimed_twice(first, second, second_claim.name))
    owners: dict[str, object] = {}
    for kind in cross_kinds:
        for entity in registry.entities(kind):
            for name in entity.names:
                owner = owners.setdefault(fold(name), entity)
                if owner.kind != entity.kind:
                    problems.append(_claimed_twice(owner, entity, name))
    return problems


def _affiliations(actor) -> list:
    return getattr(actor, "references", {}).get("affiliation", [])


def affiliation_cycles(actors) -> list[Problem]:
    """One problem per circle of affiliations (A is part of B, B is part of A)."""
    problems = []
    seen_cycles = set()
    for start in sorted(actors, key=lambda a: a.slug):
        path, on_path = [], {}
        current = start
        while current is not None and current.slug not in on_path:
            on_path[current.slug] = len(path)
            path.append(current)
            following = _affiliations(current)
            current = following[0] if following else None
        if current is None:
            continue
        cycle = path[on_path[current.slug] :]
        identity = frozenset(actor.slug for actor in cycle)
        if identity in seen_cycles:
            continue
        seen_cycles.add(identity)
        problems.append(_cycle_problem(cycle))
    return problems


def _cycle_problem(cycle) -> Problem:
    first = min(range(len(cycle)), key=lambda i: cycle[i].slug)
    ordered = cycle[first:] + cycle[:first]
    circle = " \u2192 ".join(actor.title for actor in [*ordered, ordered[0]])
    head = ordered[0]
    return Problem(
        head.source_path_relative,
        getattr(head, "field_lines", {}).get("affiliation", 0),
        f"The affiliations go round in a circle: {circle}",
        "An actor cannot belong to itself: remove the Affiliation line of one actor in the circle",
        STRICT,
    )


def not_listed(document, mentions) -> list:
    """The mentions of entities the document's header does not list."""
    references = getattr(document, "references", {})
    return [m for m in mentions if m.entity not in references.get(LISTED_IN[m.entity.kind], [])]


def unlisted_mentions(document, mentions, first_lines) -> list[Problem]:
    """A suggestion for each mention of an entity the header does not list, at
    the line of its first mention in the Markdown (else of the field)."""
    problems = []
    for mention in mentions:
        key = LISTED_IN[mention.entity.kind]
        field = field_name(key)
        named = f"'{mention.words}'"
        if fold(mention.words) != fold(mention.entity.title):
            named += f" ({mention.entity.title})"
        line = first_lines.get((mention.entity.kind, mention.entity.slug)) or document.field_lines.get(key, 0)
        problems.append(
            Problem(
                document.source_path_relative,
                line,
                f"Mentions {named} in the text but not in {field}",
                f"Add it to the {field} line if the document is about it",
                SUGGESTION,
            )
        )
    return problems
