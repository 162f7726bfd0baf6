"""`invoke import-source`: a draft summary from the seed text and from a saved news page."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from invoke import Context

import tasks
from archive_import import ImportStopped, import_source
from archive_import.draft import escape_markdown
from archive_import.page import read_source, split_title
from archive_model.header import split_header
from archive_model.model import read_fields
from archive_model.problems import ERROR

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SEED = FIXTURES / "000_31149d5578693ae1.txt"
NEWS_PAGE = FIXTURES / "news-page.html"
TODAY = datetime.date(2026, 11, 28)
BOILERPLATE = (
    "Leave a Reply",
    "Your email address will not be published",
    "Back to top",
    "Share this",
    "cookies",
    "Politics",
    "Related",
    "Talks in Geneva",
    "Subscribe",
    "Most read",
    "All rights reserved",
    "Tags:",
)
UNSAFE = ("<script", "<iframe", "onclick", "onload", "console.log", "dataLayer", "<style", "javascript:")


@pytest.fixture(scope="module")
def registry_content(tmp_path_factory) -> Path:
    """A content folder with the archive's actors and demands and no summaries."""
    content = tmp_path_factory.mktemp("content")
    for folder in ("actors", "demands"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    return content


@pytest.fixture
def content(registry_content, tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(registry_content, folder)
    return folder


def header_of(path: Path):
    return split_header(path.read_text(encoding="utf-8"))


def test_seed_text_becomes_a_draft_with_title_publication_and_mentions(content):
    path = import_source(SEED, content, TODAY)
    assert path == content / "summaries" / "relations-between-russia-and-nato-are-at-a-critically-low.md"
    header = header_of(path)
    assert header.get("title") == "Relations between Russia and NATO are at a critically low level"
    assert header.get("source") == "Rossiyskaya Gazeta"
    assert header.get("status") == "draft"
    assert header.get("date") == "2026-11-28"
    actors = header.get("actors").split(", ")
    assert {"Alexander Fomin", "NATO", "Russia", "Vladimir Putin"} <= set(actors)
    assert "Limits on military activity in Europe" in header.get("demands")


def test_seed_text_leaves_what_it_does_not_state_out_of_the_header_and_says_so(content):
    text = import_source(SEED, content, TODAY).read_text(encoding="utf-8")
    header = header_of(content / "summaries" / "relations-between-russia-and-nato-are-at-a-critically-low.md")
    for key in ("source_url", "source_date", "source_author", "summary"):
        assert key not in header.fields
    assert "Source-URL (required), Source-Date (required), Source-Author, Source-Language" in text


def test_seed_text_keeps_every_article_paragraph_as_a_quote_and_drops_the_comment_form(content):
    text = import_source(SEED, content, TODAY).read_text(encoding="utf-8")
    quotes = [line for line in text.splitlines() if line.startswith("> ")]
    assert len(quotes) == 7
    assert quotes[0].startswith("> The Russian Defense Ministry told about the report")
    assert quotes[-1].endswith("security guarantees for the Russian Federation.")
    for phrase in ("Leave a Reply", "Your email address", "Back to top"):
        assert phrase not in text


def test_unresolved_capitalised_names_are_listed_for_the_editor(content):
    text = import_source(SEED, content, TODAY).read_text(encoding="utf-8")
    listed = next(line for line in text.splitlines() if "match no actor or demand" in line)
    names = listed.split("about them): ", 1)[1].removesuffix(". -->").split(", ")
    assert "Brussels" in names
    assert "Deputy Minister of Defense" in names
    assert "Alexander Fomin" not in names and "NATO" not in names
    assert "The" not in names and "January" not in names


def test_news_page_metadata_comes_from_what_the_page_states(content):
    header = header_of(import_source(NEWS_PAGE, content, TODAY))
    assert header.get("title") == "Relations between Russia and NATO are at a critically low level"
    assert header.get("source") == "Example Gazette"
    assert header.get("source_url") == "https://news.example.org/2022/01/13/russia-nato-relations/"
    assert header.get("source_date") == "2022-01-13"
    assert header.get("source_author") == "Jane Example"
    assert header.get("source_language") == "English"


def test_news_page_article_is_kept_and_its_boilerplate_and_code_are_not(content):
    text = import_source(NEWS_PAGE, content, TODAY).read_text(encoding="utf-8")
    quotes = [line for line in text.splitlines() if line.startswith("> ")]
    assert len(quotes) == 7
    assert quotes[2].startswith("> He stressed that")
    body = split_header(text).body
    for phrase in BOILERPLATE:
        assert phrase not in body, phrase
    for code in UNSAFE:
        assert code not in text, code


def test_the_draft_passes_the_archive_reader(content):
    path = import_source(NEWS_PAGE, content, TODAY)
    header = header_of(path)
    metadata, problems = read_fields("summaries/" + path.name, "summary", header)
    assert [p for p in problems if p.severity == ERROR] == []
    assert [p.message for p in problems] == ["'Summary' is missing"]
    assert metadata["status"] == "draft"


def test_the_draft_builds_as_a_draft(build_tree, content):
    text = import_source(SEED, content, TODAY).read_text(encoding="utf-8")
    files = {str(p.relative_to(content)): p.read_text(encoding="utf-8") for p in content.rglob("*.md")}
    files["summaries/relations-between-russia-and-nato-are-at-a-critically-low.md"] = text
    result = build_tree(files, strict=False)
    assert not (result.output / "summaries" / "relations-between-russia-and-nato-are-at-a-critically-low").exists()
    assert (result.output / "drafts" / "relations-between-russia-and-nato-are-at-a-critically-low").exists()
    assert all(problem.severity != ERROR for problem in result.problems.sorted())


def test_an_existing_file_is_never_overwritten(content):
    first = import_source(SEED, content, TODAY)
    first.write_text("Edited by hand", encoding="utf-8")
    second = import_source(SEED, content, TODAY)
    assert second.name == "relations-between-russia-and-nato-are-at-a-critically-low-2.md"
    assert first.read_text(encoding="utf-8") == "Edited by hand"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"  \n\n", "is empty"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks binary"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (
            "front-page.html",
            b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script>"
            b"<footer><p>All rights reserved.</p></footer></body></html>",
            "No article text",
        ),
    ],
)
def test_an_unreadable_page_gets_a_message_and_no_file(content, tmp_path, name, data, says):
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(ImportStopped, match=says):
        import_source(source, content, TODAY)
    assert not (content / "summaries").exists() or not any((content / "summaries").iterdir())


def test_a_page_without_article_element_uses_the_block_with_most_text():
    html = (
        b"<html><head><title>Talks resume - Example Wire</title></head><body>"
        b"<div class='menu'><p>World news and politics, every hour of the day.</p></div>"
        b"<div class='story'><p>The first paragraph of the story, long enough to count.</p>"
        b"<p>The second paragraph of the story, also long enough.</p></div>"
        b"<div class='comments'><p>A reader wrote a long comment below the story here.</p></div>"
        b"</body></html>"
    )
    page = read_source("wire.html", html)
    assert (page.title, page.publication) == ("Talks resume", "Example Wire")
    assert page.paragraphs == [
        "The first paragraph of the story, long enough to count.",
        "The second paragraph of the story, also long enough.",
    ]


def test_markdown_in_the_source_text_stays_text():
    page = read_source("a.txt", b"Title\n\nA [^1] marker, <b>tags</b> and *stars* in a source paragraph.")
    assert escape_markdown(page.paragraphs[0]) == (
        r"A \[^1\] marker, &lt;b&gt;tags&lt;/b&gt; and \*stars\* in a source paragraph."
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Relations are at a low level – Rossiyskaya Gazeta", ("Relations are at a low level", "Rossiyskaya Gazeta")),
        ("Talks end | Example Wire", ("Talks end", "Example Wire")),
        (
            "Russia - NATO talks: what was said in the long first round of them",
            ("Russia - NATO talks: what was said in the long first round of them", ""),
        ),
    ],
)
def test_the_publication_is_taken_from_a_short_title_suffix(title, expected):
    assert split_title(title) == expected


def test_the_invoke_task_writes_the_draft_and_stops_on_an_empty_file(content, tmp_path, capsys):
    tasks.import_source(Context(), str(SEED), content=str(content))
    assert "Status: draft" in capsys.readouterr().out
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SystemExit) as stopped:
        tasks.import_source(Context(), str(empty), content=str(content))
    assert stopped.value.code == 1
    assert "empty.txt is empty" in capsys.readouterr().err


def test_a_russian_page_in_its_own_encoding_is_decoded_and_named_in_latin_letters(content, tmp_path):
    html = (
        '<html lang="ru"><head><meta charset="windows-1251"><title>Отношения России и НАТО – Российская газета</title>'
        "</head><body><article><p>Заместитель министра обороны выступил на заседании Совета Россия – НАТО.</p>"
        "</article></body></html>"
    )
    source = tmp_path / "rg.html"
    source.write_bytes(html.encode("windows-1251"))
    path = import_source(source, content, TODAY)
    assert path.name == "otnosheniia-rossii-i-nato.md"
    header = header_of(path)
    assert (header.get("title"), header.get("source")) == ("Отношения России и НАТО", "Российская газета")
    assert header.get("source_language") == "Russian"
    assert "> Заместитель министра обороны выступил" in path.read_text(encoding="utf-8")
