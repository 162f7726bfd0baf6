"""Annotations: Markdown footnotes that open with a kind label.

`[^id]` in the text and `[^id]: Context: ...` below it (Python-Markdown's
footnotes) become a numbered marker, the note placed right after the block
that holds the marker (a margin note on wide screens, opened in place by the
marker on narrow ones, with no script), and the list of every note at the end.

Problems go to `md.archive_problems`, placed with `md.archive_source`
(path, line of the text's first line), as the archive reader expects.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER, FootnoteExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from archive_model.problems import STRICT, SUGGESTION, Problem

from .labels import KINDS_WITH_SOURCES, Label, parse_label

DEFINITION = re.compile(r"^ {0,3}\[\^(?P<id>[^\]]+)\]:[ \t]*(?P<text>.*)$")
MARKER = re.compile(r"\[\^(?P<id>[^\]]+)\](?!:)")
CODE_SPAN = re.compile(r"(`+).+?\1")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class AnnotationScanner(Preprocessor):
    """Notes where each note and marker is written, by line, before parsing hides it."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        in_fence = False
        for number, line in enumerate(lines, start=1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence or "[" not in line or "^" not in line:
                continue  # no note and no marker can be written without both
            text = line
            definition = DEFINITION.match(line)
            if definition:
                self.extension.definition_lines.setdefault(definition["id"], number)
                text = definition["text"]
            for marker in MARKER.finditer(CODE_SPAN.sub("", text)):
                self.extension.marker_lines.setdefault(marker["id"], number)
        return lines


class Note:
    """One footnote of the document, read from the list the footnotes extension built."""

    def __init__(self, key: str, number: int, item: etree.Element):
        self.key = key
        self.number = number
        self.item = item
        self.label = read_label(item)
        self.anchor = f"annotation-{number}"
        self.marker_id = ""  # the marker the note is placed beside

    def has_link(self) -> bool:
        return any(link.get("href") and "footnote-backref" not in link.get("class", "") for link in self.item.iter("a"))


def first_paragraph(item: etree.Element) -> etree.Element | None:
    return item[0] if len(item) and item[0].tag == "p" else None


def read_label(item: etree.Element) -> Label:
    """Parse the label that opens the note and cut it from the text."""
    paragraph = first_paragraph(item)
    if paragraph is None or not paragraph.text:
        return Label()
    label = parse_label(paragraph.text)
    if label.length:
        paragraph.text = paragraph.text[label.length :]
    return label


def label_elements(label: Label) -> list[etree.Element]:
    """The badge of the kind and the verdict, as inline elements."""
    elements = []
    if label.kind:
        badge = etree.Element("span", {"class": f"badge badge--{label.kind}"})
        badge.text = label.kind.capitalize()
        elements.append(badge)
    if label.verdict:
        verdict = etree.Element("span", {"class": f"verdict verdict--{label.verdict}"})
        verdict.text = f"Verdict: {label.verdict}"
        elements.append(verdict)
    return elements


def prepend_inline(paragraph: etree.Element, elements: list[etree.Element]) -> None:
    """Put inline elements, each followed by a space, before the paragraph's text."""
    if not elements:
        return
    text = paragraph.text or ""
    paragraph.text = None
    for index, element in enumerate(elements):
        element.tail = " "
        paragraph.insert(index, element)
    elements[-1].tail = " " + text


class AnnotationTreeprocessor(Treeprocessor):
    """Turns the footnotes extension's output into annotations and reports problems."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        footnotes = self.footnotes_extension()
        container = find_footnote_container(root)
        notes = self.read_notes(container, footnotes) if container is not None else {}
        self.check(notes)
        if not notes:
            return
        placed = self.place_notes(root, container, notes, footnotes)
        # where the footnotes extension put its list: the end, or the editor's place marker
        index = list(root).index(container)
        root.remove(container)
        root.insert(index, self.notes_section(notes, placed))

    def footnotes_extension(self) -> FootnoteExtension:
        return next(ext for ext in self.md.registeredExtensions if isinstance(ext, FootnoteExtension))

    def read_notes(self, container, footnotes) -> dict[str, Note]:
        items = {item.get("id"): item for item in container.iter("li")}
        notes = {}
        for number, key in enumerate(footnotes.footnotes, start=1):
            item = items.get(footnotes.makeFootnoteId(key))
            if item is not None:
                notes[key] = Note(key, number, item)
        return notes

    # problems

    def report(self, body_line: int, message: str, fix: str, severity: str = STRICT) -> None:
        path, first_line = getattr(self.md, "archive_source", ("", 1))
        if getattr(self.md, "archive_problems", None) is None:
            self.md.archive_problems = []
        self.md.archive_problems.append(Problem(path, first_line + body_line - 1, message, fix, severity))

    def check(self, notes: dict[str, Note]) -> None:
        definitions = self.extension.definition_lines
        markers = self.extension.marker_lines
        for key, line in sorted(markers.items(), key=lambda item: item[1]):
            if key not in notes:
                self.report(
                    line,
                    f"The marker [^{key}] has no note",
                    f"Add a line '[^{key}]: Context: ...' below the paragraph, or remove the marker",
                )
        for key, note in notes.items():
            line = definitions.get(key, 1)
            if key not in markers:
                self.report(
                    line,
                    f"The note [^{key}] has no marker in the text",
                    f"Put [^{key}] in the text where the note belongs, or remove the note",
                )
            if note.label.problem:
                self.report(line, note.label.problem, note.label.fix)
            elif note.label.kind in KINDS_WITH_SOURCES and not note.has_link():
                self.report(
                    line,
                    f"The {note.label.kind.capitalize()} note [^{key}] links no source",
                    "Add a link to where the fact can be checked: [Title](https://...)",
                    SUGGESTION,
                )

    # markers and notes beside the text

    def place_notes(self, root, container, notes, footnotes) -> set[str]:
        """Restyle every marker; put each note after the top-level block of its first marker."""
        blocks: dict[int, list[Note]] = {}
        block_elements: dict[int, etree.Element] = {}
        placed: set[str] = set()
        for block in list(root):
            if block is container:
                continue
            for sup in list(block.iter("sup")):
                note = self.marker_note(sup, notes, footnotes)
                if note is None:
                    continue
                self.restyle_marker(sup, note)
                if note.key not in placed:
                    placed.add(note.key)
                    note.marker_id = sup.get("id", "")
                    blocks.setdefault(id(block), []).append(note)
                    block_elements[id(block)] = block
        for block_id, block_notes in blocks.items():
            self.wrap_block(root, block_elements[block_id], block_notes)
        return placed

    def marker_note(self, sup, notes, footnotes) -> Note | None:
        link = sup.find("a")
        if link is None or "footnote-ref" not in link.get("class", ""):
            return None
        target = link.get("href", "").lstrip("#")
        return next((note for key, note in notes.items() if footnotes.makeFootnoteId(key) == target), None)

    def restyle_marker(self, sup, note: Note) -> None:
        sup.set("class", "annotation-marker")
        link = sup.find("a")
        link.set("href", f"#{note.anchor}")
        link.set("class", "footnote-ref annotation-ref")
        link.text = None
        for child in list(link):
            link.remove(child)
        before = etree.SubElement(link, "span", {"class": "visually-hidden"})
        before.text = "Note "
        before.tail = str(note.number)
        if note.label.kind:
            after = etree.SubElement(link, "span", {"class": "visually-hidden"})
            after.text = f", {note.label.kind}"

    def wrap_block(self, root, block, block_notes: list[Note]) -> None:
        wrapper = etree.Element("div", {"class": "annotated"})
        root.insert(list(root).index(block), wrapper)
        root.remove(block)
        wrapper.append(block)
        # the list at the end holds the same text for search
        side = etree.SubElement(wrapper, "div", {"class": "annotated__notes", "data-pagefind-ignore": "all"})
        for note in block_notes:
            side.append(self.side_note(note))

    def side_note(self, note: Note) -> etree.Element:
        kind = note.label.kind or "plain"
        element = etree.Element(
            "div",
            {
                "class": f"annotation annotation--{kind}",
                "id": note.anchor,
                "role": "note",
                "tabindex": "-1",
                "aria-labelledby": f"{note.anchor}-label",
            },
        )
        head = etree.SubElement(element, "p", {"class": "annotation__label", "id": f"{note.anchor}-label"})
        number = etree.SubElement(head, "span", {"class": "annotation__number"})
        number.text = f"Note {note.number}"
        for part in label_elements(note.label):
            number.tail = " "
            head.append(part)
            number = part
        for child in note.item:
            element.append(without_backlinks(copy.deepcopy(child)))
        back = etree.SubElement(element, "p", {"class": "annotation__back"})
        link = etree.SubElement(back, "a", {"href": f"#{note.marker_id}"})
        link.text = "Back to the text"
        return element

    # the list at the end

    def notes_section(self, notes: dict[str, Note], placed: set[str]) -> etree.Element:
        section = etree.Element("section", {"class": "annotations", "aria-labelledby": "annotations-title"})
        heading = etree.SubElement(section, "h2", {"id": "annotations-title"})
        heading.text = self.extension.getConfig("heading")
        listing = etree.SubElement(section, "ol", {"class": "annotations__list"})
        for note in notes.values():
            item = note.item
            item.set("class", f"annotation-entry annotation--{note.label.kind or 'plain'}")
            if note.key not in placed:
                for child in item:
                    without_backlinks(child)
            paragraph = first_paragraph(item)
            if paragraph is not None:
                prepend_inline(paragraph, label_elements(note.label))
            for backlink in item.iter("a"):
                if "footnote-backref" in backlink.get("class", ""):
                    backlink.set("aria-label", f"Back to note {note.number} in the text")
            listing.append(item)
        return section


def without_backlinks(element: etree.Element) -> etree.Element:
    """The element with the footnotes extension's back links (and their spaces) removed."""
    for parent in list(element.iter()):
        for child in list(parent):
            if child.tag == "a" and "footnote-backref" in child.get("class", ""):
                parent.remove(child)
        if parent.text:
            parent.text = parent.text.replace(NBSP_PLACEHOLDER, "")
        if parent.tail:
            parent.tail = parent.tail.replace(NBSP_PLACEHOLDER, "")
    return element


def find_footnote_container(root) -> etree.Element | None:
    return next((child for child in root if child.tag == "div" and child.get("class") == "footnote"), None)


class AnnotationsExtension(Extension):
    """Footnotes with a kind label become annotations: marker, side note, list at the end."""

    def __init__(self, **kwargs):
        self.config = {
            "heading": ["Annotations", "The heading of the list of notes at the end of the document"],
        }
        super().__init__(**kwargs)
        self.reset()

    def extendMarkdown(self, md):
        if not any(isinstance(ext, FootnoteExtension) for ext in md.registeredExtensions):
            FootnoteExtension().extendMarkdown(md)
        md.registerExtension(self)
        md.preprocessors.register(AnnotationScanner(md, self), "annotation_scanner", 25)
        # after `inline` (20) and the footnotes' duplicate back links (15)
        md.treeprocessors.register(AnnotationTreeprocessor(md, self), "annotations", 14)

    def reset(self) -> None:
        self.definition_lines: dict[str, int] = {}
        self.marker_lines: dict[str, int] = {}


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return AnnotationsExtension(**kwargs)
