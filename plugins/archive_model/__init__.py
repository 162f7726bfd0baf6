"""The archive's content model: typed Markdown files with checked headers.

Wires the pure modules (header, model, problems) to Pelican: installs the
archive reader for Markdown files and gathers the problems every file carries.
"""

import os

from pelican import signals

from .files import broken_link_problems, content_folders, duplicate_slug_problems, unread_file_problems
from .problems import BuildStopped, ProblemLog
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
    settings = generators[0].settings
    log = problem_log(settings)
    contents = list(iter_content(generators))
    for content in contents:
        log.extend(getattr(content, "archive_problems", ()))
    files = content_files(settings["PATH"])
    log.extend(duplicate_slug_problems(contents))
    log.extend(link_problems(contents, set(generators[0].context.get("generated_content", {})) | set(files)))
    log.extend(
        unread_file_problems(
            files,
            content_folders(settings),
            {folder.strip("/").split("/")[0] for folder in settings.get("STATIC_PATHS", [])},
            ArchiveReader.file_extensions,
            settings.get("IGNORE_FILES", ()),
            set(generators[0].context.get("static_content", {})),
        )
    )


def link_problems(contents, known) -> list:
    """Links to other files of the archive ({filename}, {static}) that lead nowhere:
    `known` holds the pages read and every file in the content folder."""
    problems = []
    for content in contents:
        rendered = (getattr(content, "_content", "") or "") + (getattr(content, "_summary", "") or "")
        if "filename" not in rendered and "static" not in rendered and "attach" not in rendered:
            continue
        with open(content.source_path, encoding="utf-8-sig", errors="replace") as handle:
            source_text = handle.read()
        problems.extend(broken_link_problems(content.source_path_relative, rendered, source_text, known))
    return problems


def content_files(root) -> list[str]:
    """Every file under the content folder, as a path relative to it with "/"."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(found)


def stop_before_writing(pelican):
    """Once every file is read and linked, a fatal problem stops the build
    before any page is written (templates must not see invalid metadata)."""
    if problem_log(pelican.settings).fatal(pelican.settings.get("ARCHIVE_STRICT", False)):
        raise BuildStopped()


def freeze_urls(generators):
    """Work out every URL once. Pelican recomputes `url` on each use (a copy of
    the metadata, a relative path, a date format) and pages link to hundreds of
    documents; `override_url` is Pelican's own slot for a fixed URL."""
    for content in iter_content(generators):
        content.override_url = content.url


def register():
    signals.readers_init.connect(install_reader)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(gather_problems)
    signals.get_writer.connect(stop_before_writing)
