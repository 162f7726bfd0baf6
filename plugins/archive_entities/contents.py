"""Pelican content classes for the archive's entities: actors, demands, topics.

Each reads its URL from settings by its class name (ACTOR_URL, DEMAND_SAVE_AS...)
and its template from its kind (actor.html, demand.html, topic.html).
"""

from pelican.contents import Page


class Entity(Page):
    kind = "entity"

    @property
    def default_template(self):
        return self.kind

    def _expand_settings(self, key, klass=None):
        return super(Page, self)._expand_settings(key, self.kind)

    @property
    def names(self) -> list[str]:
        """The title first, then every alias."""
        return [self.title, *getattr(self, "aliases", [])]


class Actor(Entity):
    kind = "actor"


class Demand(Entity):
    kind = "demand"


class Topic(Entity):
    kind = "topic"


ENTITY_CLASSES = {cls.kind: cls for cls in (Actor, Demand, Topic)}
