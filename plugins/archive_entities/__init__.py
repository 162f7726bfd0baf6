"""Actors, demands and topics: their pages, the registry, resolved references."""

from pelican import signals

from archive_model import iter_content, problem_log

from .generator import EntitiesGenerator, get_generators
from .index import ArchiveIndex
from .references import resolve_references
from .registry import Registry

__all__ = ["EntitiesGenerator", "register"]


def find_generator(generators, kind):
    return next((g for g in generators if isinstance(g, kind)), None)


def link_entities(generators):
    """After every file is read: build the registry and resolve every reference."""
    generators = list(generators)
    entities_generator = find_generator(generators, EntitiesGenerator)
    if entities_generator is None:
        return
    settings = entities_generator.settings
    published = [e for e in entities_generator.entities if e.status != "draft"]
    registry = Registry.build(published)
    log = problem_log(settings)
    for content in iter_content(generators):
        if not hasattr(content, "field_lines"):
            continue
        references, problems = resolve_references(content, registry)
        content.references = references
        log.extend(problems)
    documents = [d for d in iter_content(generators) if getattr(d, "doc_type", "") in ("article", "summary")]
    published = [d for d in documents if d.status == "published"]
    drafts = [d for d in documents if d.status != "published"]
    archive = ArchiveIndex(registry, published)
    log.extend(archive.problems)
    log.extend(ArchiveIndex(registry, drafts).problems)
    entities_generator.context["registry"] = registry
    entities_generator.context["archive"] = archive


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link_entities)
