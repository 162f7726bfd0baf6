"""Full-text search: a Pagefind index of documents and entities, with facets."""

from pelican import signals

from .generator import SearchIndexGenerator, get_generators

__all__ = ["SearchIndexGenerator", "register"]


def register():
    signals.get_generators.connect(get_generators)
