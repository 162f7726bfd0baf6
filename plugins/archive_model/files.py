"""Checks across files: two files with one slug, files the archive would not read.

Nothing an editor writes may be lost without a word: a second file with a
taken slug would replace (or silently shadow) the first, and a file in the
wrong folder or with the wrong extension would never become a page.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import fnmatch
import html
import posixpath
import re
from collections import defaultdict
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from .model import DOCUMENT_TYPES, join_and
from .problems import ERROR, STRICT, Problem

# Pelican pairs articles and summaries with one slug as "translations"
SLUG_GROUPS = {"article": "document", "summary": "document"}
# a link to another file of the archive, as Pelican finds it in rendered HTML
INTRASITE_LINK = re.compile(
    r"""(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*(["'])"""
    r"""(?P<written>[{|](?P<what>filename|static|attach)[|}](?P<target>.*?))\1"""
)


def duplicate_slug_problems(contents) -> list[Problem]:
    """A problem on every file whose slug an earlier file (by path) already has."""
    groups = defaultdict(list)
    for content in contents:
        doc_type = getattr(content, "doc_type", None)
        if doc_type is None:
            continue
        group = SLUG_GROUPS.get(doc_type, doc_type)
        groups[(group, content.status == "draft", content.slug)].append(content)
    problems = []
    for (_, _, slug), members in sorted(groups.items()):
        # a file named after its slug keeps it; a file that took it with 'Slug:' is the one to change
        ordered = sorted(members, key=lambda content: ("slug" in content.field_lines, content.source_path_relative))
        first = ordered[0].source_path_relative
        for other in ordered[1:]:
            problems.append(
                Problem(
                    other.source_path_relative,
                    other.field_lines.get("slug", 1),
                    f"This file has the slug '{slug}', which {first} has too, so one would hide the other",
                    "Rename one of the two files, or give one its own 'Slug: ...' line",
                    ERROR,
                )
            )
    return problems


def unread_file_problems(
    relative_paths, read_folders, static_folders, extensions, ignores=(), copied=frozenset()
) -> list[Problem]:
    """A problem for every file in the content folder that would become no page
    (`copied`: files Pelican copies because a page links them with {static})."""
    folders = join_and([f"{folder}/" for folder in sorted(read_folders)])
    names = join_and([f".{extension}" for extension in extensions])
    problems = []
    for relative in sorted(relative_paths):
        path = PurePosixPath(relative)
        if is_ignored(path, ignores) or path.parts[0] in static_folders or relative in copied:
            continue
        extension = path.suffix[1:]
        if len(path.parts) > 1 and path.parts[0] in read_folders and extension in extensions:
            continue
        problems.append(
            Problem(
                relative,
                0,
                f"The archive does not read this file: only {names} files in {folders} become pages",
                "Move it into one of those folders with a .md name, put it in extra/ to publish it as it is, "
                "or delete it",
                STRICT,
            )
        )
    return problems


def is_ignored(path: PurePosixPath, ignores) -> bool:
    if any(part.startswith(".") for part in path.parts):
        return True
    if path.name.endswith("~") or (path.name.startswith("#") and path.name.endswith("#")):
        return True  # an editor's backup or autosave file
    return any(fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(str(path), pattern) for pattern in ignores)


def content_folders(settings) -> set[str]:
    """The top folders whose Markdown files become pages."""
    configured = [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]
    return {folder.strip("/").split("/")[0] for folder in configured} | set(DOCUMENT_TYPES)


def link_candidates(source: str, target: str) -> set[str]:
    """The content-relative paths Pelican tries for a link written in `source`."""
    paths = {urlsplit(target).path, unquote(urlsplit(target).path), urlsplit(html.unescape(target)).path}
    folder = posixpath.dirname(source)
    return {path[1:] if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path)) for path in paths}


def broken_link_problems(source: str, rendered: str, source_text: str, known_paths) -> list[Problem]:
    """A problem for every {filename}, {static} or {attach} link to no file."""
    problems = []
    for match in INTRASITE_LINK.finditer(rendered):
        if link_candidates(source, match["target"]) & known_paths:
            continue
        written = html.unescape(match["written"])
        index = source_text.find(written)
        problems.append(
            Problem(
                source,
                source_text.count("\n", 0, index) + 1 if index >= 0 else 0,
                f"The link {written} leads to no file of the archive",
                "Check the path: it starts from this file's folder, or from content/ when it begins with /, "
                "as in {filename}/actors/nato.md",
                STRICT,
            )
        )
    return problems
