"""The archive's content model: typed Markdown files with checked headers.

Wires the pure modules (header, model, problems) to Pelican: installs the
archive reader for Markdown files and gathers the problems every file carries.
"""

from pelican import signals

from .problems import ProblemLog
from .reader import ArchiveReader

CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
    "entities",
)


def problem_log(settings) -> ProblemLog:
    """The problem log of the build these settings belong to."""
    return settings.setdefault("ARCHIVE_PROBLEM_LOG", ProblemLog())


def iter_content(generators):
    """Every content object any generator read, each once, in a stable order."""
    seen = set()
    for generator in generators:
        for attribute in CONTENT_LISTS:
            for content in getattr(generator, attribute, ()) or ():
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def install_reader(readers):
    for extension in ArchiveReader.file_extensions:
        readers.reader_classes[extension] = ArchiveReader


def gather_problems(generators):
    generators = list(generators)
    if not generators:
        return
    log = problem_log(generators[0].settings)
    for content in iter_content(generators):
        log.extend(getattr(content, "archive_problems", ()))


def register():
    signals.readers_init.connect(install_reader)
    signals.all_generators_finalized.connect(gather_problems)
