"""Writing pages with every core the build may use (`ARCHIVE_WORKERS`).

Pelican's writer is replaced by `ParallelWriter`, which records the pages
generators ask for; the last generator (`PendingPagesGenerator`) writes them,
shared between forked processes. The output is the same, byte for byte, as a
build in one process. Must come last in PLUGINS, so that its generator runs
after every other plugin's.
"""

from pelican import signals

from .generator import get_generators
from .writer import ParallelWriter


def parallel_writer(pelican):
    return ParallelWriter


def register():
    signals.get_writer.connect(parallel_writer)
    signals.get_generators.connect(get_generators)
