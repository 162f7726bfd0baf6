"""Ways into the archive: topic pages, the timeline, the home page, pictures,
Atom feeds and open data.

Pure modules: `topics`, `timeline`, `pictures`, `feeds`, `open_data`,
`discovery` (what templates ask, as `discovery`). `generator` wires them to
Pelican and writes `/timeline/`, `/feeds/` and `/data/`.
"""

from pelican import signals

from .generator import DiscoveryGenerator, get_generators

__all__ = ["DiscoveryGenerator", "register"]


def register():
    signals.get_generators.connect(get_generators)
