"""Actors, demands and topics: their pages, the registry, resolved references,
mentions linked in the text, and the checks across entities."""

import time

from pelican import signals

from archive_model import iter_content, problem_log
from archive_model.workers import map_in_processes, worker_count

from .generator import EntitiesGenerator, get_generators
from .index import ArchiveIndex
from .mentions import LinkMemo, MentionLinker, is_linked, pack_rendered_text
from .references import resolve_references
from .registry import Registry
from .validation import affiliation_cycles, name_conflicts, not_listed, unlisted_mentions

__all__ = ["EntitiesGenerator", "register"]

DOCUMENT_TYPES = ("article", "summary")
# below this, forking costs more than linking the texts in one process
MIN_TEXTS_TO_FORK = 50


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
    log.extend(name_conflicts(registry))
    log.extend(affiliation_cycles(registry.entities("actor")))
    link_mentions_everywhere(generators, registry, settings)
    documents = [d for d in iter_content(generators) if getattr(d, "doc_type", "") in DOCUMENT_TYPES]
    published = [d for d in documents if d.status == "published"]
    drafts = [d for d in documents if d.status != "published"]
    archive = ArchiveIndex(registry, published)
    log.extend(archive.problems)
    log.extend(ArchiveIndex(registry, drafts).problems)
    entities_generator.context["registry"] = registry
    entities_generator.context["archive"] = archive
    pack_rendered_texts(generators)


def link_mentions_everywhere(generators, registry, settings):
    """Link the first mention of each actor and demand in every text; suggest
    listing the ones a document mentions without listing them. Timed."""
    started = time.perf_counter()
    linker = MentionLinker(registry)
    memo = session_link_memo(settings, linker)
    log = problem_log(settings)
    contents = [content for content in iter_content(generators) if is_linked(content)]
    if memo is None and len(contents) >= MIN_TEXTS_TO_FORK:
        for content, linked in zip(contents, linked_in_processes(linker, contents, settings), strict=True):
            linker.apply(content, linked)
    else:
        for content in contents:
            linker.link(content, memo)
    for content in contents:
        forget_rendered_content(content, settings)
        if content.doc_type in DOCUMENT_TYPES and content.mentions:
            log.extend(suggestions(content, linker))
    settings.setdefault("ARCHIVE_TIMINGS", {})["mentions"] = time.perf_counter() - started


def linked_in_processes(linker, contents, settings) -> list:
    """Each text linked, the texts shared among the build's processes (`ARCHIVE_WORKERS`)."""
    return map_in_processes(linker.linked, contents, worker_count(settings))


def session_link_memo(settings, linker) -> LinkMemo | None:
    """The linked texts kept by a livereload session (`ARCHIVE_SESSION`, a dict
    that lives as long as the session); None in a one-off build."""
    session = settings.get("ARCHIVE_SESSION")
    if session is None:
        return None
    memo = session.setdefault("link_memo", LinkMemo())
    memo.bind(linker.fingerprint())
    return memo


def pack_rendered_texts(generators):
    """Once every text is linked, keep each compressed until a page asks for it."""
    for content in iter_content(generators):
        if is_linked(content):
            pack_rendered_text(content)


def suggestions(document, linker):
    mentions = not_listed(document, document.mentions)
    return unlisted_mentions(document, mentions, linker.first_lines(document)) if mentions else []


def forget_rendered_content(content, settings):
    """Drop any content Pelican rendered (and memoized) before the links were added."""
    cache = getattr(content.get_content, "cache", {})
    for siteurl in {settings.get("SITEURL", ""), ""}:
        cache.pop((content, siteurl), None)


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link_entities)
