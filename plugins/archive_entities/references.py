"""Resolve the reference fields of every file through the registry.

Pure module: works on any objects with the attributes the reader sets
(`doc_type`, `field_lines`, `source_path_relative`, and the reference fields).
"""

from __future__ import annotations

from archive_model.model import field_name
from archive_model.problems import STRICT, Problem

# field -> kind of entity it names
REFERENCE_FIELDS = {
    "actors": "actor",
    "demands": "demand",
    "topics": "topic",
    "made_by": "actor",
    "addressed_to": "actor",
    "affiliation": "actor",
}
KIND_FOLDERS = {"actor": "content/actors/", "demand": "content/demands/", "topic": "content/topics/"}


def unknown_reference(content, key, value, kind, registry, line=None) -> Problem:
    suggestion = registry.suggest(kind, value)
    hint = f"Did you mean '{suggestion}'? " if suggestion else ""
    return Problem(
        content.source_path_relative,
        line or content.field_lines.get(key, 0),
        f"{field_name(key)} names '{value}', which is no known {kind}",
        f"{hint}Use the name, an alias or the slug of a file in {KIND_FOLDERS[kind]}, or add that file",
        STRICT,
    )


def resolve_field(content, key, registry, problems):
    """The entities a reference field names, in the order written, without repeats."""
    kind = REFERENCE_FIELDS[key]
    values = getattr(content, key, None) or []
    if isinstance(values, str):
        values = [values]
    resolved = []
    for value in values:
        entity = registry.resolve(kind, value)
        if entity is None:
            problems.append(unknown_reference(content, key, value, kind, registry))
        elif entity not in resolved:
            resolved.append(entity)
    return resolved


def resolve_references(content, registry) -> tuple[dict, list[Problem]]:
    """{field: [entities]} for every reference field the file has, and problems."""
    problems: list[Problem] = []
    resolved = {}
    for key in REFERENCE_FIELDS:
        if getattr(content, key, None):
            resolved[key] = resolve_field(content, key, registry, problems)
    return resolved, problems
