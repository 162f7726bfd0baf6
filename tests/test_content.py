"""The archive's own content: sourced notes and sections, listed mentions, recorded positions.

The checks read the Markdown files of content/ with the archive's header parser
(so they name the file and line an editor must fix) and the problem log of the
session's strict build of content/ (so they agree with `invoke check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_entities.registry import Registry
from archive_model.header import split_header
from archive_model.model import document_type, read_fields
from archive_model.problems import SUGGESTION

CONTENT = Path(__file__).resolve().parent.parent / "content"
MARKDOWN_LINK = re.compile(r"\]\((?:https?://|/|\.\./)[^)\s]+\)")
NOTE_DEFINITION = re.compile(r"^\[\^(?P<key>[^\]]+)\]:\s*(?P<text>.*)$")
NOTE_CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<text>.*)$")
KIND_LABEL = re.compile(r"^(?P<kind>Context|Check|Term|Note)\b(?:\s*\((?P<verdict>[^)]*)\))?\s*:", re.IGNORECASE)
SECTION_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")
SEED_SUMMARY = CONTENT / "summaries" / "fomin-at-the-nato-russia-council.md"


@dataclass(frozen=True)
class ContentFile:
    path: Path
    relative: str
    doc_type: str
    metadata: dict
    body: str
    body_first_line: int


@dataclass(frozen=True)
class NoteText:
    key: str
    line: int
    text: str

    @property
    def kind(self) -> str | None:
        label = KIND_LABEL.match(self.text)
        return label.group("kind").lower() if label else None


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    text: str


@dataclass(frozen=True)
class DemandEntity:
    slug: str
    title: str
    aliases: list[str]
    kind: str = "demand"


def read_content_file(path: Path) -> ContentFile:
    relative = path.relative_to(CONTENT).as_posix()
    doc_type = document_type(relative)
    header = split_header(path.read_text(encoding="utf-8"))
    metadata, _ = read_fields(relative, doc_type, header)
    return ContentFile(path, relative, doc_type, metadata, header.body, header.body_first_line)


def content_files(doc_type: str) -> list[ContentFile]:
    files = (read_content_file(path) for path in sorted(CONTENT.rglob("*.md")))
    return [f for f in files if f.doc_type == doc_type and f.metadata.get("status") != "draft"]


def documents() -> list[ContentFile]:
    return content_files("summary") + content_files("article")


def notes_of(document: ContentFile) -> list[NoteText]:
    """Every footnote definition with its continuation lines, and its line in the file."""
    notes: list[NoteText] = []
    current: list | None = None
    for offset, line in enumerate(document.body.split("\n")):
        definition = NOTE_DEFINITION.match(line)
        continuation = NOTE_CONTINUATION.match(line)
        if definition:
            current = [definition.group("key"), document.body_first_line + offset, [definition.group("text")]]
            notes.append(current)
        elif current is not None and continuation and line.strip():
            current[2].append(continuation.group("text"))
        elif line.strip():
            current = None
    return [NoteText(key, line, " ".join(parts)) for key, line, parts in notes]


def sections_of(document: ContentFile) -> list[Section]:
    """The body cut at every second-level heading; notes are left out (they are checked apart)."""
    sections: list[Section] = []
    title, line, lines = "(before the first heading)", document.body_first_line, []
    for offset, text in enumerate(document.body.split("\n")):
        heading = SECTION_HEADING.match(text)
        if heading:
            sections.append(Section(title, line, "\n".join(lines)))
            title, line, lines = heading.group("title"), document.body_first_line + offset, []
        elif not NOTE_DEFINITION.match(text):
            lines.append(text)
    sections.append(Section(title, line, "\n".join(lines)))
    return [section for section in sections if section.text.strip()]


def demand_registry() -> Registry:
    demands = [
        DemandEntity(f.path.stem, f.metadata["title"], f.metadata.get("aliases", [])) for f in content_files("demand")
    ]
    return Registry.build(demands)


def where(document: ContentFile, line: int) -> str:
    return f"content/{document.relative}:{line}"


# -- the archive has what issue 10 asks for --------------------------------


def test_the_archive_has_the_starter_documents():
    assert len(content_files("summary")) >= 6
    assert len(content_files("article")) >= 5
    assert len(content_files("topic")) >= 3


def test_the_seed_summary_has_at_least_three_annotations():
    seed = read_content_file(SEED_SUMMARY)
    kinds = [note.kind for note in notes_of(seed)]
    assert len(kinds) >= 3
    assert None not in kinds, "every note of the seed summary starts with a kind label"


# -- every Context and Check note, every explainer section, links a source --


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.relative)
def test_every_context_and_check_note_links_a_source(document):
    unsourced = [
        where(document, note.line)
        for note in notes_of(document)
        if note.kind in ("context", "check") and not MARKDOWN_LINK.search(note.text)
    ]
    assert not unsourced, f"Context or Check notes without a link: {unsourced}"


@pytest.mark.parametrize("document", content_files("article"), ids=lambda d: d.relative)
def test_every_explainer_section_links_a_source(document):
    """A note's link is not enough: each section itself names where its facts come from."""
    sections = sections_of(document)
    assert len(sections) >= 2, f"{where(document, 1)}: an explainer has sections, each under a '## ' heading"
    unlinked = [
        f"{where(document, section.line)} ({section.title})"
        for section in sections
        if not MARKDOWN_LINK.search(section.text)
    ]
    assert not unlinked, f"Explainer sections without a link in their own text: {unlinked}"


# -- every demand has a recorded position from a sourced document ----------


def recorded_positions() -> dict[str, list[str]]:
    """{demand slug: ["summaries/x.md:12", ...]} for every position in a summary with a Source-URL."""
    registry = demand_registry()
    found: dict[str, list[str]] = {}
    for summary in content_files("summary"):
        if not summary.metadata.get("source_url"):
            continue
        for position in summary.metadata.get("positions", []):
            demand = registry.resolve("demand", position.demand)
            if demand is not None:
                found.setdefault(demand.slug, []).append(where(summary, position.line))
    return found


def test_every_demand_has_a_recorded_position_with_a_source():
    positions = recorded_positions()
    missing = [f"content/{d.relative}" for d in content_files("demand") if d.path.stem not in positions]
    assert not missing, f"Demands no summary records a position on: {missing}"


def test_every_position_names_a_known_demand():
    registry = demand_registry()
    unknown = [
        where(summary, position.line)
        for summary in content_files("summary")
        for position in summary.metadata.get("positions", [])
        if registry.resolve("demand", position.demand) is None
    ]
    assert not unknown, f"Positions naming no known demand: {unknown}"


def test_the_built_demand_pages_show_their_positions(site):
    for demand in content_files("demand"):
        soup = site.soup(f"demands/{demand.path.stem}/")
        linked = {a.get("href", "").rstrip("/").rsplit("/", 1)[-1] for a in soup.find_all("a")}
        documents_with_position = {
            line.split(":")[0].rsplit("/", 1)[-1].removesuffix(".md") for line in recorded_positions()[demand.path.stem]
        }
        assert linked & documents_with_position, f"demands/{demand.path.stem}/ links none of its documents"


# -- `invoke check` leaves nothing to do ------------------------------------


def suggestions(site) -> list:
    return [p for p in site.problems.sorted() if p.severity == SUGGESTION]


def test_every_actor_and_demand_named_in_a_text_is_in_its_header(site):
    unlisted = [p.format() for p in suggestions(site) if "in the text but not in" in p.message]
    assert not unlisted, "\n".join(unlisted)


def test_the_content_leaves_no_suggestion_for_invoke_check(site):
    assert not suggestions(site), "\n".join(p.format() for p in suggestions(site))


# -- the checks themselves catch what they are for -------------------------


def test_a_context_note_without_a_link_is_found():
    document = ContentFile(Path("x.md"), "summaries/x.md", "summary", {}, "Text.[^a]\n\n[^a]: Context: no link.\n", 10)
    notes = notes_of(document)
    assert [(n.kind, n.line) for n in notes] == [("context", 12)]
    assert not MARKDOWN_LINK.search(notes[0].text)


def test_a_note_continued_on_an_indented_line_keeps_its_link():
    body = "Text.[^a]\n\n[^a]: Check (accurate): see\n    [the page](https://www.nato.int/).\n"
    notes = notes_of(ContentFile(Path("x.md"), "summaries/x.md", "summary", {}, body, 1))
    assert MARKDOWN_LINK.search(notes[0].text)


def test_a_section_without_a_link_is_found():
    body = "## One\n\nSourced ([NATO](https://www.nato.int/)).\n\n## Two\n\nNot sourced.\n"
    sections = sections_of(ContentFile(Path("x.md"), "articles/x.md", "article", {}, body, 5))
    assert [(s.title, s.line, bool(MARKDOWN_LINK.search(s.text))) for s in sections] == [
        ("One", 5, True),
        ("Two", 9, False),
    ]
