"""A Pelican generator that reads actors, demands and topics and writes their pages."""

from __future__ import annotations

import logging

from pelican.contents import SkipStub
from pelican.generators import CachingGenerator

from .contents import ENTITY_CLASSES

logger = logging.getLogger(__name__)

ENTITY_FOLDERS = {"actor": "actors", "demand": "demands", "topic": "topics"}


class EntitiesGenerator(CachingGenerator):
    """Reads `actors/`, `demands/` and `topics/`; writes one page per entity and
    one index page per kind (`actors.html`, `demands.html`, `topics.html`)."""

    def __init__(self, *args, **kwargs):
        self.entities = []
        self.entities_by_kind = {kind: [] for kind in ENTITY_CLASSES}
        self.draft_entities = []
        super().__init__(*args, **kwargs)

    def generate_context(self):
        for kind, content_class in ENTITY_CLASSES.items():
            for entity in self._read_kind(kind, content_class):
                if entity.status == "draft":
                    self.draft_entities.append(entity)
                    continue
                self.entities_by_kind[kind].append(entity)
        for kind, entities in self.entities_by_kind.items():
            entities.sort(key=lambda entity: (entity.title.casefold(), entity.slug))
            self.context[ENTITY_FOLDERS[kind]] = entities
        self.entities = [e for kind in ENTITY_CLASSES for e in self.entities_by_kind[kind]]
        self.entities += self.draft_entities
        self.save_cache()
        self.readers.save_cache()

    def _read_kind(self, kind, content_class):
        folder = ENTITY_FOLDERS[kind]
        for path in self.get_files([folder]):
            entity = self.get_cached_data(path, None)
            if entity is None:
                try:
                    entity = self.readers.read_file(
                        base_path=self.path,
                        path=path,
                        content_class=content_class,
                        context=self.context,
                    )
                except Exception:
                    logger.exception("Could not read %s", path, exc_info=self.settings.get("DEBUG"))
                    self._add_failed_source_path(path)
                    continue
                if isinstance(entity, SkipStub) or not entity.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, entity)
            self.add_source_path(entity)
            self.add_static_links(entity)
            yield entity

    def generate_output(self, writer):
        for entity in self.entities:
            if entity.status == "draft":
                continue
            writer.write_file(
                entity.save_as,
                self.get_template(entity.template),
                self.context,
                page=entity,
                entity=entity,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=entity.url,
            )
        for kind, folder in ENTITY_FOLDERS.items():
            save_as = self.settings.get(f"{kind.upper()}S_SAVE_AS", f"{folder}/index.html")
            writer.write_file(
                save_as,
                self.get_template(folder),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self.settings.get(f"{kind.upper()}S_URL", f"{folder}/"),
                page_name=folder,
            )
        # the positions table's pages are written by archive_discovery, beside its map


def get_generators(pelican):
    return EntitiesGenerator
