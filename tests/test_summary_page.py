"""The summary page on the built site: source box, key points, positions, annotated text, annotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive_annotations.extension import DEFINITION
from archive_model.header import split_header
from archive_model.model import read_fields

CONTENT = Path(__file__).resolve().parent.parent / "content"
BLOCKS_NOT_IN_P = ["div", "section", "aside", "details", "ul", "ol", "p", "table", "blockquote", "h2", "h3"]


def published_summaries():
    for path in sorted((CONTENT / "summaries").glob("*.md")):
        header = split_header(path.read_text(encoding="utf-8"))
        if header.get("status").lower() == "draft":
            continue
        metadata, _ = read_fields(f"summaries/{path.name}", "summary", header)
        metadata["slug"] = header.get("slug") or path.stem
        metadata["note_keys"] = [m["id"] for m in map(DEFINITION.match, header.body.splitlines()) if m]
        yield pytest.param(metadata, id=path.stem)


SUMMARIES = list(published_summaries())


def page(site, metadata):
    return site.soup(f"summaries/{metadata['slug']}/")


@pytest.mark.parametrize("metadata", SUMMARIES)
def test_source_box_states_the_source(site, metadata):
    box = page(site, metadata).find("section", class_="source-box")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in box.find_all("dt")}
    assert facts["Publication"].get_text(strip=True) == metadata["source"]
    assert facts["Published"].find("time")["datetime"] == metadata["source_date"]
    assert facts["Summary written"].find("time")["datetime"] == metadata["date"]
    if metadata.get("source_language"):
        assert facts["Language"].get_text(strip=True) == metadata["source_language"]
    if metadata.get("source_author"):
        assert facts["Author"].get_text(strip=True) == metadata["source_author"]
    assert box.find("a", class_="source-box__link")["href"] == metadata["source_url"]


@pytest.mark.parametrize("metadata", SUMMARIES)
def test_parts_come_in_order_source_key_points_positions_summary_annotations(site, metadata):
    soup = page(site, metadata)
    order = [
        soup.find("section", class_="source-box"),
        soup.find("div", class_="key-points"),
        soup.find("section", class_="positions") if metadata.get("positions") else None,
        soup.find("h2", id="summary"),
        soup.find("section", class_="annotations") if metadata["note_keys"] else None,
    ]
    present = [element for element in order if element is not None]
    positions = [soup.find_all(True).index(element) for element in present]
    assert positions == sorted(positions)
    assert len(present) >= 3


@pytest.mark.parametrize("metadata", [m for m in SUMMARIES if m.values[0].get("positions")])
def test_positions_read_as_sentences_linking_actor_and_demand(site, metadata):
    items = page(site, metadata).find("section", class_="positions").find_all("li")
    assert len(items) == len(metadata["positions"])
    for item, position in zip(items, metadata["positions"], strict=True):
        actor, demand = item.find_all("a")
        sentence = " ".join(item.get_text(" ", strip=True).split()).replace(" :", ":")
        assert sentence == f"{actor.get_text(strip=True)} {position.stance}: {demand.get_text(strip=True)}"
        assert "/actors/" in actor["href"] and "/demands/" in demand["href"]
        for link in (actor, demand):
            assert site.exists(re.sub(r"^(\.\./)+", "", link["href"]).lstrip("/"))


@pytest.mark.parametrize("metadata", [m for m in SUMMARIES if m.values[0]["note_keys"]])
def test_every_note_is_beside_its_marker_and_listed_at_the_end(site, metadata):
    soup = page(site, metadata)
    entries = soup.find("section", class_="annotations").find_all("li", class_="annotation-entry")
    assert [entry["id"] for entry in entries] == [f"fn:{key}" for key in metadata["note_keys"]]
    markers = soup.find_all("a", class_="annotation-ref")
    assert markers
    for marker in markers:
        note = soup.find(id=marker["href"].lstrip("#"))
        assert note is not None and "annotation" in note["class"] and note["role"] == "note"
        wrapper = note.find_parent("div", class_="annotated")
        assert marker in wrapper.find_all("a", class_="annotation-ref")
        back = note.find("p", class_="annotation__back").a["href"].lstrip("#")
        assert soup.find(id=back).name == "sup"


def test_kinds_show_as_badges_and_a_check_shows_its_verdict(site):
    soup = site.soup("summaries/fomin-at-the-nato-russia-council/")
    badges = {badge.get_text() for badge in soup.select(".annotations .badge")}
    assert {"Context", "Check", "Term", "Note"} <= badges
    verdicts = [label.get_text() for label in soup.select(".annotations .verdict")]
    assert "Verdict: disputed" in verdicts


@pytest.mark.parametrize("metadata", SUMMARIES)
def test_no_block_inside_a_paragraph(site, metadata):
    body = page(site, metadata).find("div", class_="document__body")
    for paragraph in body.find_all("p"):
        assert paragraph.find(BLOCKS_NOT_IN_P) is None, paragraph


def test_annotation_styles_are_linked_and_work_without_script(site):
    soup = site.soup("summaries/fomin-at-the-nato-russia-council/")
    assert any(link["href"].endswith("css/annotations.css") for link in soup.find_all("link", rel="stylesheet"))
    css = (site.root / "theme" / "css" / "annotations.css").read_text(encoding="utf-8")
    assert ".annotation:target" in css and "@media print" in css
    assert not soup.select(".document__body script")


SUMMARY = """Title: A test summary
Date: 2026-11-28
Summary: A summary of a test source.
Source: Example Wire
Source-URL: https://example.org/story
Source-Date: 2022-01-12

## Key points

- One point.

## Summary

Text with a note.[^a] And a marker with no note.[^gone]

[^a]: Context: Background with no link.
"""


def test_a_marker_without_note_stops_the_strict_build_with_file_and_line(build_tree):
    from archive_model.problems import ContentError  # noqa: PLC0415

    with pytest.raises(ContentError) as stopped:
        build_tree({"summaries/test.md": SUMMARY}, strict=True)
    assert stopped.value.lines() == [
        "summaries/test.md:14: error: The marker [^gone] has no note. "
        "Add a line '[^gone]: Context: ...' below the paragraph, or remove the marker."
    ]


def test_without_strict_it_is_a_warning_and_a_note_without_link_a_suggestion(build_tree):
    result = build_tree({"summaries/test.md": SUMMARY}, strict=False)
    lines = result.problems.lines(strict=False, include_suggestions=True)
    assert lines == [
        "summaries/test.md:14: warning: The marker [^gone] has no note. "
        "Add a line '[^gone]: Context: ...' below the paragraph, or remove the marker.",
        "summaries/test.md:16: suggestion: The Context note [^a] links no source. "
        "Add a link to where the fact can be checked: [Title](https://...).",
    ]
    assert result.problems.lines(strict=False) == lines[:1]


def check_notes_in_browser(page_file: Path) -> list[str]:
    """What goes wrong with the notes of one page in Chromium: narrow, wide, print, axe."""
    from archive_quality import ToolMissing  # noqa: PLC0415
    from archive_quality.accessibility import CHROMIUM_ARGS, INSTALL, chromium_path, utf8_locale  # noqa: PLC0415

    executable = chromium_path()
    try:
        with utf8_locale():
            from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415
            from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError as error:
        raise ToolMissing(INSTALL) from error
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for scheme in ("light", "dark"):
                page = browser.new_page(viewport={"width": 375, "height": 800}, color_scheme=scheme)
                page.goto(page_file.as_uri())
                problems += narrow_screen_problems(page, Axe(), scheme)
                page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            problems += wide_screen_problems(page)
            page.emulate_media(media="print")
            if page.locator("#annotation-2").is_visible() or not page.locator("#fn\\:low").is_visible():
                problems.append("print: the side notes show, or the list at the end does not")
        finally:
            browser.close()
    return problems


def narrow_screen_problems(page, axe, scheme: str) -> list[str]:
    problems = []
    note, marker = page.locator("#annotation-2"), page.locator("a[href='#annotation-2']").first
    if note.is_visible():
        problems.append("narrow: a note shows before its marker is activated")
    marker.focus()
    page.keyboard.press("Enter")
    if not note.is_visible():
        return [*problems, "narrow: Enter on the marker does not open the note"]
    if note.bounding_box()["y"] < marker.bounding_box()["y"]:
        problems.append("narrow: the note opens above its marker, not after the text")
    if page.evaluate("document.activeElement.id") != "annotation-2":
        problems.append("narrow: focus does not move to the opened note")
    for violation in axe.run(page).response.get("violations", []):
        problems.append(f"axe ({scheme}, note open): {violation['id']}: {violation['help']}")
    note.locator(".annotation__back a").focus()
    page.keyboard.press("Enter")
    if note.is_visible():
        problems.append("narrow: 'Back to the text' does not close the note")
    return problems


def wide_screen_problems(page) -> list[str]:
    note = page.locator("#annotation-2")
    if not note.is_visible():
        return ["wide: the side note does not show beside the text"]
    text = page.locator(".annotated", has=note).locator("> :not(.annotated__notes)").first
    if note.bounding_box()["x"] < text.bounding_box()["x"] + text.bounding_box()["width"]:
        return ["wide: the side note is not in the margin beside its text"]
    return []


@pytest.mark.browser
def test_notes_open_in_place_by_keyboard_sit_in_the_margin_and_print_at_the_end(site, run_gate):
    problems = run_gate(check_notes_in_browser, site.file("summaries/fomin-at-the-nato-russia-council/"))
    assert problems == [], "\n".join(problems)
