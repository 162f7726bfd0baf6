"""Property tests (hypothesis) over the metadata parsers, the reader as a whole
and, across plugins, the reader's HTML through the mention linker: arbitrary
input never raises anything but the project's own problems, and every output
stays well-formed."""

from __future__ import annotations

import datetime
import string
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive_build.runner import load_settings
from archive_model.header import CONTINUATION, canonical_key, normalise_text, split_header
from archive_model.markup import unbalanced_tags
from archive_model.model import (
    ACTOR_KINDS,
    FIELDS_BY_TYPE,
    LIST_FIELDS,
    NOT_IN_URL,
    OUTCOMES,
    SLUG,
    STANCES,
    STATUSES,
    Position,
    guess_date,
    parse_date,
    read_fields,
)
from archive_model.problems import SEVERITIES, Problem

ROOT = Path(__file__).resolve().parent.parent
DOC_TYPES = sorted(FIELDS_BY_TYPE)
KEYS = sorted({key for keys in FIELDS_BY_TYPE.values() for key in keys})
WRITTEN_KEYS = [key.replace("_", "-").title() for key in KEYS] + ["TITLE", "source url", "Tilte", "Actor", "x y"]
VALUES = (
    ["", " ", "2022-01-12", "2022-02-30", "21 January 2022", "14/01/2022", "draft", "published", "Hidden"]
    + ["https://example.org/a", "javascript:alert(1)", 'https://x.org/"><b>', "../../x", "Q7747", "Q0"]
    + ["Russia | demands | No enlargement", "a | b", "a | rejects | b | c", "Russia, NATO,, ,", "<script>x</script>"]
    + list(ACTOR_KINDS + OUTCOMES)
)

# text with the pieces a header is made of: keys, colons, indents, blank lines, odd line ends
header_like = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(WRITTEN_KEYS), st.sampled_from(VALUES) | st.text()),
        st.builds(lambda v: f"    {v}", st.sampled_from(VALUES) | st.text()),
        st.sampled_from(["", "---", "\ufeff", " ", "\t", "Title:", ":", "Body text."]),
        st.text(),
    ),
    max_size=12,
).map("\n".join)
any_text = st.one_of(st.text(), header_like, header_like.map(lambda text: text.replace("\n", "\r\n")))
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_problem_is_well_formed(problem, path: str, line_count: int) -> None:
    assert isinstance(problem, Problem)
    assert problem.path == path
    assert problem.severity in SEVERITIES
    assert 0 <= problem.line <= line_count + 1
    assert problem.message.strip()
    for strict in (False, True):
        formatted = problem.format(strict)
        assert len(formatted.splitlines()) == 1, formatted
        assert formatted.startswith(f"{path}:")


@PROPERTY
@given(any_text)
def test_split_header_never_raises_and_keeps_every_line(text):
    header = split_header(text)
    lines = normalise_text(text).split("\n")
    assert "\r" not in header.body and not normalise_text(text).startswith("\ufeff")
    assert header.body == "\n".join(lines[header.body_first_line - 1 :])
    seen_lines = []
    for key, found in header.fields.items():
        assert key == canonical_key(found.written) and key
        assert found.key == key
        seen_lines.append(found.line)
        for line, value in found.extra_lines:
            assert CONTINUATION.match(lines[line - 1]) and lines[line - 1].endswith(value)
    for found in header.duplicates:
        assert found.key in header.fields and found.line > header.fields[found.key].line
    assert all(1 <= line < header.body_first_line for line in seen_lines)


def assert_metadata_is_well_formed(metadata: dict) -> None:
    assert isinstance(metadata["title"], str) and metadata["title"]
    for key in ("title", "source", "source_author", "source_language", "role", "slug"):
        assert len(str(metadata.get(key, "x")).splitlines()) == 1, (key, metadata[key])
    for key in LIST_FIELDS & set(metadata):
        assert all(item and item == item.strip() and "," not in item for item in metadata[key])
    for key in ("date", "source_date", "modified"):
        if key in metadata:
            assert parse_date(metadata[key]) is not None
    for position in metadata.get("positions", []):
        assert isinstance(position, Position) and position.stance in STANCES
        assert position.actor and position.demand and "|" not in position.actor + position.demand
    if "source_url" in metadata:
        assert metadata["source_url"].lower().startswith(("http://", "https://"))
        assert not NOT_IN_URL.search(metadata["source_url"])
    if "slug" in metadata:
        assert SLUG.match(metadata["slug"]) and "/" not in metadata["slug"]
    assert metadata.get("actor_kind", ACTOR_KINDS[0]) in ACTOR_KINDS
    assert metadata.get("outcome", OUTCOMES[0]) in OUTCOMES
    assert metadata.get("status", STATUSES[0]) in STATUSES


@PROPERTY
@given(any_text, st.sampled_from(DOC_TYPES))
@example(text="ROLE:", doc_type="actor")  # an empty optional field once gave an empty role
def test_read_fields_returns_clean_metadata_and_well_formed_problems(text, doc_type):
    header = split_header(text)
    metadata, problems = read_fields("folder/file.md", doc_type, header)
    assert metadata["doc_type"] == doc_type
    assert_metadata_is_well_formed(metadata)
    line_count = normalise_text(text).count("\n") + 1
    for problem in problems:
        assert_problem_is_well_formed(problem, "folder/file.md", line_count)
    for key in set(header.fields) - FIELDS_BY_TYPE[doc_type]:
        assert key not in metadata


@PROPERTY
@given(st.one_of(st.text(), st.dates().map(str), st.dates().map(lambda d: d.strftime("%d %B %Y"))))
def test_dates_are_real_days_in_one_form(text):
    parsed = parse_date(text)
    assert parsed is None or parsed.isoformat() == text
    guessed = guess_date(text)
    assert guessed is None or datetime.date.fromisoformat(guessed)


@given(st.dates(min_value=datetime.date(1000, 1, 1)))  # strftime writes years before 1000 with 3 digits
def test_every_real_day_parses_and_its_spoken_form_is_guessed(day):
    assert parse_date(day.isoformat()) == day
    assert guess_date(day.strftime("%d %B %Y")) == day.isoformat()


# --- HTML balance ------------------------------------------------------------

TAGS = ["div", "span", "em", "strong", "section", "blockquote", "a", "code"]
balanced_html = st.recursive(
    st.text(alphabet=string.ascii_letters + " .,&;"),
    lambda inner: (
        st.builds(
            lambda tag, body, tail: f'<{tag} class="x">{body}</{tag}>{tail}',
            st.sampled_from(TAGS),
            inner,
            st.text(alphabet=string.ascii_letters + " "),
        )
        | st.lists(inner, max_size=3).map("".join)
        | st.builds(lambda body: f'<p>{body}<br><img alt="" src="a.png">', inner)
    ),
    max_leaves=12,
)


@PROPERTY
@given(st.text())
def test_unbalanced_tags_never_raises(text):
    for found in unbalanced_tags(text):
        assert found.tag and found.written


@PROPERTY
@given(balanced_html)
def test_balanced_html_has_no_unbalanced_tag(html):
    assert unbalanced_tags(html) == []


@PROPERTY
@given(balanced_html, st.sampled_from(["div", "section", "span"]))
def test_an_element_left_open_is_found(html, tag):
    assert [(found.tag, found.opened) for found in unbalanced_tags(f"<{tag}>{html}")] == [(tag, True)]


# --- the reader as a whole (with every Markdown extension the site installs) ---


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """The archive reader with the Markdown extensions the plugins add at start-up."""
    from pelican import Pelican

    from archive_model.reader import ArchiveReader

    content = tmp_path_factory.mktemp("content")
    configured = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content)})
    Pelican(configured)  # runs the plugins' `initialized` receivers
    return ArchiveReader(configured), content


markdown_like = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            ["Russia and NATO met.", "[^a]", "[^a]: Context: see https://example.org.", "[^b]: Remark: x"]
            + ["[^c]: Check (accurate): yes.", "<div>", "</div>", "| a | b |", "|---|---|", "# Heading", "> quote"]
            + ["`code NATO`", "*em*", "[link](https://example.org)", "{: .class }", "    indented", "- item"]
        ),
    ),
    max_size=10,
).map("\n".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["summaries/s.md", "articles/a.md", "actors/x.md", "pages/p.md"]),
    st.one_of(header_like, st.just("Title: T\nDate: 2022-01-01\nSummary: S")),
    markdown_like,
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff"]),
)
def test_the_reader_turns_any_file_into_html_and_problems(reader, relative, header, body, prefix):
    archive_reader, content = reader
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = prefix + f"{header}\n\n{body}\n".encode()
    path.write_bytes(raw)
    html, metadata = archive_reader.read(str(path))
    assert isinstance(html, str)
    assert_metadata_is_well_formed({key: value for key, value in metadata.items() if key not in ("date", "modified")})
    line_count = raw.count(b"\n") + 1
    for problem in metadata["archive_problems"]:
        assert_problem_is_well_formed(problem, relative, line_count)
    if unbalanced_tags(html):
        assert any("never closes" in p.message or "without opening" in p.message for p in metadata["archive_problems"])


# --- across plugins: the reader's HTML through the mention linker ------------


class Named:
    def __init__(self, kind, slug, title, aliases):
        self.kind, self.slug, self.title, self.aliases = kind, slug, title, aliases
        self.source_path_relative = f"{kind}s/{slug}.md"
        self.role = "Role"
        self.names = [title, *aliases]


@pytest.fixture(scope="module")
def linker():
    from archive_entities.mentions import MentionLinker
    from archive_entities.registry import Registry

    entities = [
        Named("actor", "russia", "Russia", ["Russian Federation", "RF"]),
        Named("actor", "nato", "NATO", ["the Alliance"]),
        Named("demand", "no-enlargement", "No enlargement", ["No NATO enlargement"]),
    ]
    return MentionLinker(Registry.build(entities))


def visible_text(html: str) -> str:
    """The words a reader sees; runs of white space count as one space, as
    beautifulsoup4 itself shortens a run of blank lines between two tags."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(markdown_like.map(lambda text: text.replace("Russia and NATO met.", "Russia, the Alliance and RF met.")))
@example(body="<DIV>\n\nRUSSIA")
def test_linking_the_readers_html_keeps_its_text_and_its_balance(reader, linker, body):
    from archive_entities.linker import link_mentions

    archive_reader, _ = reader
    html = archive_reader.render(body, "articles/a.md", 1, [])
    linked = link_mentions(html, linker.matcher, linker.targets).html
    assert visible_text(linked) == visible_text(html)
    assert unbalanced_tags(linked) == unbalanced_tags(html)
    for link in BeautifulSoup(linked, "html.parser").find_all("a"):
        assert link.find_parent("a") is None, "a link inside a link"
