"""The last of the plugins' generators: writes the pages the others asked for."""

from __future__ import annotations

from pelican.generators import Generator

from .writer import ParallelWriter


class PendingPagesGenerator(Generator):
    """Runs after every page-writing generator and before Pelican's static files."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if isinstance(writer, ParallelWriter):
            writer.write_pending()


def get_generators(pelican):
    return PendingPagesGenerator
