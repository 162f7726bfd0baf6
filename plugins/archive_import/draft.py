"""Write an imported source as a draft summary the archive reader accepts.

The header holds only what the page states; what it does not state is left
out (the build then names each missing field) and listed in an HTML comment.
`Actors` and `Demands` come from the names of the archive's registry found in
the text; capitalised names it could not resolve are listed for the editor.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from unidecode import unidecode

from archive_entities.matcher import MentionMatcher
from archive_entities.registry import Registry
from archive_model.header import split_header
from archive_model.model import split_list

from .page import SourcePage

ENTITY_FOLDERS = {"actor": "actors", "demand": "demands"}
REQUIRED = ("Source", "Source-URL", "Source-Date")
MAX_SLUG_LENGTH = 60
MAX_OTHER_NAME = 99
CAPITALISED_RUN = re.compile(
    r"\b[A-Z][\w'’.-]*[\w](?:\s+(?:(?:of|the|de|von|van|for|and)\s+)*[A-Z][\w'’.-]*[\w])*",
)
# capitalised at the start of a sentence, or always, without being names
COMMON_CAPITALISED = """
A An And As At But By For From He Her His However If In It Its Our On Or She So That The Their Then There
These They This Those To We What When Where Which While Who Why With You First Second Third Finally Also
January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
"""
NOT_NAMES = frozenset(COMMON_CAPITALISED.split())


@dataclass(frozen=True)
class ArchiveEntity:
    """What the registry needs of an actor or demand file."""

    kind: str
    slug: str
    title: str
    aliases: tuple[str, ...] = ()


class ImportStopped(Exception):
    """The import wrote nothing; the message says why and what to do."""


def load_registry(content: Path) -> Registry:
    """Actors and demands from content/, read with the archive's header parser."""
    entities = []
    for kind, folder in ENTITY_FOLDERS.items():
        for path in sorted((content / folder).glob("*.md")):
            header = split_header(path.read_text(encoding="utf-8"))
            if header.get("status").lower() == "draft" or not header.get("title"):
                continue
            slug = header.get("slug") or path.stem
            aliases = tuple(split_list(header.get("aliases")))
            entities.append(ArchiveEntity(kind, slug, header.get("title"), aliases))
    return Registry.build(entities)


def find_mentions(text: str, registry: Registry) -> tuple[dict[str, list[str]], list[tuple[int, int]]]:
    """{kind: [titles in order of first mention]} and the spans of text they cover."""
    names = []
    for kind in ENTITY_FOLDERS:
        for entity in registry.entities(kind):
            for name in (entity.title, *entity.aliases):
                names.append((name, (kind, entity.slug)))
    found: dict[str, list[str]] = {kind: [] for kind in ENTITY_FOLDERS}
    spans = []
    for match in MentionMatcher(names).find(text):
        kind, slug = match.key
        title = registry.get(kind, slug).title
        if title not in found[kind]:
            found[kind].append(title)
        spans.append((match.start, match.end))
    return found, spans


def unresolved_names(text: str, covered: list[tuple[int, int]]) -> list[str]:
    """Capitalised names outside every mention; sentence-opening words and months left out."""
    masked = list(text)
    for start, end in covered:
        masked[start:end] = "|" * (end - start)
    masked_text = "".join(masked)
    names = set()
    for match in CAPITALISED_RUN.finditer(masked_text):
        words = match.group(0).split()
        while words and words[0] in NOT_NAMES:
            words.pop(0)
        if not words or (len(words) == 1 and words[0] == match.group(0) and opens_sentence(masked_text, match.start())):
            continue
        names.add(" ".join(words).rstrip("."))
    return sorted(names, key=str.casefold)


def opens_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in '.!?:;"“”'


def slugify(title: str) -> str:
    """A file name from the title, transliterated: "Отношения России и НАТО" -> "otnosheniia-rossii-i-nato"."""
    ascii_title = unidecode(unicodedata.normalize("NFC", title))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug or "imported-source"


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as written: no HTML, links or footnote markers."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def header_lines(page: SourcePage, mentions: dict[str, list[str]], today: datetime.date) -> tuple[list[str], list]:
    fields = [
        ("Title", page.title),
        ("Date", today.isoformat()),
        ("Status", "draft"),
        ("Source", page.publication),
        ("Source-URL", page.url),
        ("Source-Date", page.published),
        ("Source-Author", page.author),
        ("Source-Language", page.language),
        ("Actors", ", ".join(mentions["actor"])),
        ("Demands", ", ".join(mentions["demand"])),
    ]
    lines = [f"{key}: {' '.join(value.split())}" for key, value in fields if value]
    missing = [f"{key} (required)" if key in REQUIRED else key for key, value in fields if not value]
    return lines, missing


def draft_text(page: SourcePage, registry: Registry, source_name: str, today: datetime.date) -> str:
    text = "\n\n".join(page.paragraphs)
    mentions, covered = find_mentions(f"{page.title}\n\n{text}", registry)
    unresolved = unresolved_names(f"{page.title}\n\n{text}", covered)
    lines, missing = header_lines(page, mentions, today)
    body = [
        f"<!-- Imported from {comment_safe(source_name)} on {today.isoformat()}. Add a 'Summary:' line to the header, "
        "write the key points, the summary and the annotations in the archive's own words, then delete the quoted "
        "source text and these notes. Add 'Positions:' only for positions the source itself states. -->",
    ]
    if missing:
        body.append(
            f"<!-- The page does not state these, so they are left out of the header: {', '.join(missing)}. "
            "Add what the original shows; a required field left out stops 'invoke build --strict'. -->"
        )
    if unresolved:
        body.append(
            "<!-- Names in the text that match no actor or demand of the archive (add a file in content/actors "
            "or content/demands, or an alias, if the summary is about them): "
            f"{comment_safe(', '.join(unresolved))}. -->"
        )
    body += ["## Key points", "<!-- One line each: what the source says, attributed. -->", "## Summary"]
    body.append("<!-- The source's paragraphs, to summarise. -->")
    body += [f"> {escape_markdown(paragraph)}" for paragraph in page.paragraphs]
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def comment_safe(text: str) -> str:
    return text.replace("--", "- -")


def write_draft(folder: Path, slug: str, text: str) -> Path:
    """Write `<slug>.md`, or `<slug>-2.md`... when the name is taken; never overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, MAX_OTHER_NAME + 1):
        name = f"{slug}.md" if number == 1 else f"{slug}-{number}.md"
        try:
            with open(folder / name, "x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return folder / name
    raise ImportStopped(
        f"content/summaries/ already holds {slug}.md and {MAX_OTHER_NAME - 1} other versions; nothing was written. "
        "Finish or delete the earlier drafts first."
    )
