"""Topic pages, the timeline, the home page and the pictures: the pure modules,
then a generated archive of 100 actors, then the real content."""

from __future__ import annotations

import datetime
import html
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from types import SimpleNamespace

import jinja2
import pytest
from conftest import ROOT, SETTINGS, BuiltSite, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_build.runner import build_site
from archive_discovery import discovery, fragments, paging, pictures, timeline, topics
from archive_model.problems import SUGGESTION

PERSONS = 100
STANCES = ("supports", "rejects", "discusses", "demands")
SECURITY_DEMAND = "No further NATO enlargement"
ARMS_DEMAND = "No intermediate-range missiles in Europe"


def person(index: int) -> str:
    return f"Person {index:03d} of a delegation with a long title"


def generated_archive() -> dict[str, str]:
    """Three topics (one without documents), two demands, 103 actors, four
    published documents and one draft."""
    files = {
        "topics/security.md": "Title: European security\nSummary: The security order in Europe.\n\nOverview.\n",
        "topics/arms.md": "Title: Arms control\nSummary: Limits on weapons.\n\nOverview.\n",
        "topics/empty.md": "Title: Quiet topic\nSummary: Nothing yet.\n\nOverview.\n",
        "demands/no-enlargement.md": f"Title: {SECURITY_DEMAND}\nMade-by: Russia\nAddressed-to: NATO\n"
        "Outcome: rejected\nTopics: European security\n\nWhat is asked.\n",
        "demands/missiles.md": f"Title: {ARMS_DEMAND}\nMade-by: Russia\nAddressed-to: United States\n"
        "Outcome: open\nTopics: Arms control\n\nWhat is asked.\n",
        "actors/russia.md": "Title: Russia\nKind: state\n\nA state.\n",
        "actors/nato.md": "Title: NATO\nKind: organisation\n\nAn alliance.\n",
        "actors/united-states.md": "Title: United States\nKind: state\n\nA state.\n",
    }
    for index in range(PERSONS):
        files[f"actors/person-{index:03d}.md"] = f"Title: {person(index)}\nKind: person\n\nA delegate.\n"
    generated = "\n".join(
        f"    {person(i)} | {STANCES[i % 4]} | {(SECURITY_DEMAND, ARMS_DEMAND)[i % 2]}" for i in range(PERSONS)
    )
    files["summaries/draft-treaty.md"] = f"""Title: Russia's draft treaty
Date: 2021-12-18
Summary: Russia publishes a draft treaty.
Topics: European security
Actors: Russia
Demands: {SECURITY_DEMAND}
Source: Ministry of Foreign Affairs of Russia
Source-URL: https://mid.ru/
Source-Date: 2021-12-17
Positions:
    Russia | demands | {SECURITY_DEMAND}
    NATO | rejects | {SECURITY_DEMAND}
    Russia | demands | {ARMS_DEMAND}
{generated}

The text.
"""
    files["summaries/nato-reply.md"] = f"""Title: NATO's reply
Date: 2022-01-27
Summary: NATO answers in writing.
Actors: NATO
Demands: {ARMS_DEMAND}
Source: NATO
Source-URL: https://www.nato.int/
Source-Date: 2022-01-26
Positions:
    NATO | discusses | {ARMS_DEMAND}

The text.
"""
    files["summaries/us-reply.md"] = f"""Title: The United States' reply
Date: 2022-01-28
Summary: The United States answers in writing.
Actors: United States
Source: Department of State
Source-URL: https://www.state.gov/
Source-Date: 2022-01-26
Positions:
    United States | rejects | {SECURITY_DEMAND}

The text.
"""
    files["articles/what-is-at-stake.md"] = """Title: What is at stake
Date: 2022-02-10
Summary: An explainer.
Topics: European security, Arms control
Actors: NATO

The text.
"""
    files["summaries/unpublished.md"] = """Title: Not yet published
Date: 2022-03-01
Status: draft
Summary: A draft.
Topics: European security
Source: Somebody
Source-URL: https://example.org/
Source-Date: 2022-03-01

The text.
"""
    return files


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("discovery")
    content = write_tree(root / "content", generated_archive())
    result = build_site(SETTINGS, content=content, output=root / "output", strict=True)
    return BuiltSite(result.output, result.problems)


def links_in(site: BuiltSite, url: str, selector: str) -> list[str]:
    """The site-relative targets of the links matched by `selector` on one page."""
    page = url if url.endswith(".html") else posixpath.join(url, "index.html")
    targets = []
    for anchor in site.soup(url).select(selector):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), anchor["href"]))
        targets.append(target.lstrip("/") + "/")
    return targets


def linked_pages(site: BuiltSite, first_url: str, nav_label: str) -> list[str]:
    """The first page of a list and every page its nav (by aria-label) links, in order."""
    nav = site.soup(first_url).find("nav", attrs={"aria-label": nav_label})
    if nav is None:
        return [first_url]
    return [target for target in links_in(site, first_url, f'nav[aria-label="{nav_label}"] a')]


def topic_document_links(site: BuiltSite, slug: str, title: str) -> list[str]:
    """The documents listed on every page of a topic's document list, in order."""
    found = []
    for url in linked_pages(site, f"topics/{slug}/documents/", f"Pages of the documents of {title}"):
        found += links_in(site, url, ".topic-documents .doc-item__title a")
    return found


def timeline_pages(site: BuiltSite, first_url: str) -> list[str]:
    """Every page of a timeline's years: each year's first page and the pages it links."""
    years = links_in(site, first_url, ".timeline-years a")
    found = []
    for year_url in years:
        year = year_url.rstrip("/").rsplit("/", 1)[-1]
        found += linked_pages(site, year_url, f"Pages of {year}")
    return found


# The pure modules


@dataclass
class Entity:
    kind: str
    slug: str
    title: str
    references: dict = field(default_factory=dict)


@dataclass
class Document:
    slug: str
    date: datetime.datetime
    doc_type: str = "summary"
    references: dict = field(default_factory=dict)
    url: str = ""


def record(actor, stance, demand, day, document):
    return SimpleNamespace(actor=actor, stance=stance, demand=demand, date=day, document=document)


def test_a_document_belongs_to_its_topics_and_to_the_topics_of_its_demands():
    security = Entity("topic", "security", "Security")
    arms = Entity("topic", "arms", "Arms")
    demand = Entity("demand", "missiles", "Missiles", {"topics": [arms]})
    by_topic = Document("a", datetime.datetime(2022, 1, 1), references={"topics": [security]})
    by_demand = Document("b", datetime.datetime(2022, 1, 2), references={"demands": [demand]})
    assert topics.belongs_to_topic(by_topic, security)
    assert not topics.belongs_to_topic(by_topic, arms)
    assert topics.belongs_to_topic(by_demand, arms)
    assert not topics.belongs_to_topic(by_demand, security)
    both = Document("c", datetime.datetime(2022, 1, 3), references={"topics": [security], "demands": [demand]})
    grouped = topics.documents_by_topic([by_topic, by_demand, both])
    assert grouped == {("topic", "security"): [by_topic, both], ("topic", "arms"): [by_demand, both]}


def test_the_timeline_groups_by_year_and_month_newest_first():
    days = [datetime.date(2021, 12, 17), datetime.date(2022, 1, 26), datetime.date(2022, 1, 3)]
    documents = [Document(f"d{i}", datetime.datetime.combine(day, datetime.time())) for i, day in enumerate(days)]
    actor, demand = Entity("actor", "nato", "NATO"), Entity("demand", "x", "X")
    positions = [record(actor, "rejects", demand, days[1], documents[1])]
    years = timeline.group_by_month(timeline.timeline_entries(documents, positions))
    assert [year.year for year in years] == [2022, 2021]
    assert [month.label for month in years[0].months] == ["January 2022"]
    january = years[0].months[0].entries
    assert [(e.day.day, e.kind) for e in january] == [(26, "document"), (26, "position"), (3, "document")]


@given(st.lists(st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)), max_size=40))
@settings(max_examples=60, deadline=None)
def test_any_timeline_is_newest_first_with_each_month_once(days):
    documents = [Document(f"d{i:02d}", datetime.datetime.combine(day, datetime.time())) for i, day in enumerate(days)]
    years = timeline.group_by_month(timeline.timeline_entries(documents, []))
    entries = [entry for year in years for month in year.months for entry in month.entries]
    assert [entry.day for entry in entries] == sorted(days, reverse=True)
    months = [(month.year, month.month) for year in years for month in year.months]
    assert months == sorted(set(months), reverse=True)
    assert all(month.year == year.year for year in years for month in year.months)
    chart = pictures.month_chart(timeline.documents_per_month(documents))
    assert chart.total == len(days)


def test_documents_per_month_includes_the_months_between_without_documents():
    documents = [
        Document("a", datetime.datetime(2021, 11, 30)),
        Document("b", datetime.datetime(2022, 2, 1)),
        Document("c", datetime.datetime(2022, 2, 5)),
    ]
    counts = timeline.documents_per_month(documents)
    assert counts == [(2021, 11, 1), (2021, 12, 0), (2022, 1, 0), (2022, 2, 2)]
    chart = pictures.month_chart(counts)
    assert [bar.shows_year for bar in chart.bars] == [True, False, True, False]
    assert chart.bars[-1].height == pictures.CHART_PLOT and chart.bars[1].height == 0
    assert chart.busiest.label == "February 2022"


def test_a_long_run_of_months_without_documents_is_drawn_as_one_gap():
    counts = [(2021, 12, 2), *((2022, month, 0) for month in range(1, 13)), (2023, 1, 1)]
    chart = pictures.month_chart(counts)
    assert [bar.label for bar in chart.bars] == ["December 2021", "January 2022 to December 2022", "January 2023"]
    assert [bar.short_label for bar in chart.bars] == ["Dec", "\u2026", "Jan"]
    assert [bar.shows_year for bar in chart.bars] == [True, False, True]
    assert chart.total == 3


def test_the_map_draws_one_line_per_actor_stance_and_demand():
    actor, demand = Entity("actor", "nato", "NATO"), Entity("demand", "x", "X")
    first, second = Document("a", datetime.datetime(2022, 1, 1)), Document("b", datetime.datetime(2022, 1, 2))
    records = [
        record(actor, "rejects", demand, datetime.date(2022, 1, 1), first),
        record(actor, "rejects", demand, datetime.date(2022, 1, 2), second),
        record(actor, "discusses", demand, datetime.date(2022, 1, 2), second),
    ]
    picture = pictures.positions_map(records, focus=demand)
    assert [(e.stance, len(e.records)) for e in picture.edges] == [("rejects", 2), ("discusses", 1)]
    assert picture.edges[0].path != picture.edges[1].path  # two stances on one pair are drawn apart
    assert picture.edges[0].description == "NATO rejects X (recorded in 2 documents)"
    assert [node.focus for node in picture.nodes] == [False, True]


def test_long_names_are_shortened_with_an_ellipsis():
    assert pictures.shorten("Short", 10) == "Short"
    assert pictures.shorten("A name far too long", 10) == "A name fa\u2026"


# The generated archive


def test_the_empty_topic_is_reported_as_a_suggestion(archive):
    found = [p for p in archive.problems.sorted() if p.path == "topics/empty.md"]
    assert [p.severity for p in found] == [SUGGESTION]
    assert "Quiet topic" in found[0].message


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("topics/security/", ["articles/what-is-at-stake/", "summaries/draft-treaty/"]),
        ("topics/arms/", ["articles/what-is-at-stake/", "summaries/nato-reply/"]),
        ("topics/empty/", []),
    ],
)
def test_a_topic_page_lists_exactly_its_documents_newest_first(archive, topic, expected):
    assert links_in(archive, topic, ".topic-documents .doc-item__title a") == expected
    title = archive.soup(topic).h1.get_text(strip=True)
    assert topic_document_links(archive, topic.split("/")[1], title) == expected


def test_pages_cut_a_list_and_keep_the_first_at_its_own_address():
    cut = paging.pages(list(range(120)), 50, "topics/t/documents/")
    assert [page.url for page in cut] == ["topics/t/documents/", "topics/t/documents/2/", "topics/t/documents/3/"]
    assert [len(page.items) for page in cut] == [50, 50, 20]
    assert [page.number for page in cut] == [1, 2, 3] and cut[2].count == 3
    assert [(page.url, page.items) for page in paging.pages([], 50, "x/")] == [("x/", [])]


def test_a_timeline_book_keeps_every_entry_once_in_year_pages():
    days = [datetime.date(2022, 1, 1) - datetime.timedelta(days=3 * n) for n in range(400)]
    documents = [Document(f"d{n:03d}", datetime.datetime.combine(day, datetime.time())) for n, day in enumerate(days)]
    entries = timeline.timeline_entries(documents, [])
    book = paging.timeline_book(entries, "timeline/", 100, per_page=50)
    assert book.latest.entries == entries[:100] and book.latest.url == "timeline/"
    assert [link.year for link in book.years] == [2022, 2021, 2020, 2019, 2018]
    assert [link.url for link in book.years][:2] == ["timeline/2022/", "timeline/2021/"]
    assert [entry for page in book.pages for entry in page.entries] == entries
    assert all(len(page.entries) <= 50 for page in book.pages)
    assert all(entry.day.year == page.year for page in book.pages for entry in page.entries)
    assert [page.url for page in book.pages if page.year == 2021] == [
        "timeline/2021/",
        "timeline/2021/2/",
        "timeline/2021/3/",
    ]


def test_the_positions_table_is_cut_into_tiles_of_actors_by_demands():
    table = SimpleNamespace(actors=list(range(60)), demands=list("abcdefghijklmnopqrstuvw"))
    grid = paging.tile_grid(table, "positions/", actors_per_tile=25, demands_per_tile=20)
    assert [len(run) for run in grid.actor_runs] == [25, 25, 10]
    assert [len(run) for run in grid.demand_runs] == [20, 3]
    assert [tile.url for tile in grid][:3] == ["positions/", "positions/1-2/", "positions/2-1/"]
    cells = {(actor, demand) for tile in grid for actor in tile.actors for demand in tile.demands}
    assert len(cells) == 60 * 23 == sum(len(t.actors) * len(t.demands) for t in grid)


@dataclass(frozen=True)
class Listed:
    url: str
    title: str


def test_a_fragment_is_rendered_once_and_written_with_each_page_root():
    environment = jinja2.Environment(autoescape=True)
    items = environment.from_string(
        "{% macro link(doc, root, label) %}"
        '<a href="{{ root }}/{{ doc.url }}">{{ label }} {{ doc.title }}</a>'
        "{% endmacro %}"
    ).module
    calls = []

    def counted(doc, root, label):
        calls.append(doc)
        return items.link(doc, root, label)

    counted.name = "link"
    page = environment.from_string("{{ fragments.html(link, doc, SITEURL, 'Read') }}")
    doc = Listed(url="summaries/a/", title="Fomin & Lavrov")
    built = fragments.Fragments()
    for site_url in ("..", "../..", 'https://example.org/a"b'):
        expected = items.link(doc, site_url, "Read")
        assert page.render(fragments=built, link=counted, doc=doc, SITEURL=site_url) == expected
    assert calls == [doc]
    assert len(built) == 1
    assert "Fomin &amp; Lavrov" in page.render(fragments=built, link=counted, doc=doc, SITEURL="")
    other = Listed(url="articles/b/", title="B")
    listed = environment.from_string(
        "<ol>{{ fragments.each(link, docs, SITEURL, 'Read', before='<li>', after='</li>') }}</ol>"
    )
    expected = "".join(f"<li>{items.link(d, '..', 'Read')}</li>" for d in (doc, other, doc))
    assert listed.render(fragments=built, link=counted, docs=[doc, other, doc], SITEURL="..") == f"<ol>{expected}</ol>"
    assert calls == [doc, other]


def test_a_topic_page_marks_summaries_and_explainers(archive):
    items = archive.soup("topics/security/").select(".topic-documents .doc-item")
    assert [item.select_one(".badge").get_text(strip=True) for item in items] == ["Explainer", "Annotated summary"]


def test_key_actors_are_ranked_by_the_number_of_documents(archive):
    ranked = archive.soup("topics/security/").select(".topic-actors li")
    assert ranked[0].a.get_text() == "NATO" and "2 documents" in ranked[0].get_text()
    assert len(ranked) == discovery.TOPIC_KEY_ACTORS  # the first of NATO, Russia and every person of the treaty
    note = archive.soup("topics/security/").select_one(".topic-actors p").get_text()
    assert f"The first {discovery.TOPIC_KEY_ACTORS} of {2 + PERSONS}" in note


def test_a_topic_page_shows_the_demands_its_documents_list_most():
    demands = [Entity("demand", slug, slug.upper()) for slug in ("c", "a", "b")]
    view = topics.TopicView(Entity("topic", "t", "T"), demands=demands, demand_counts={"a": 1, "b": 5, "c": 3})
    assert [d.slug for d in view.leading_demands(2)] == ["b", "c"]
    assert view.leading_demands(3) == demands


def test_a_topic_page_shows_its_demands_with_their_outcome(archive):
    rows = archive.soup("topics/arms/").select(".topic-demands tbody tr")
    assert [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in rows] == [
        [ARMS_DEMAND, "Russia", "Open"]
    ]


def timeline_days(soup, scope: str) -> list[str]:
    return [time["datetime"] for time in soup.select(f"{scope} .timeline__entry > time")]


def test_a_topic_timeline_holds_its_documents_and_the_positions_on_its_demands(archive):
    soup = archive.soup("topics/security/")
    days = timeline_days(soup, ".topic-timeline")
    assert days == sorted(days, reverse=True)
    assert len(days) == discovery.TOPIC_NEWEST_ENTRIES, "the topic's page shows its newest entries"
    entries = []
    for url in timeline_pages(archive, "topics/security/"):
        assert url.startswith("topics/security/timeline/")
        entries += archive.soup(url).select(".timeline__entry")
    sources = [a.get_text() for entry in entries for a in entry.select(".timeline__source a")]
    assert "The United States' reply" in sources  # a position on a security demand, in a document of no topic
    documents = [entry.select_one("a").get_text() for entry in entries if "timeline__entry--document" in entry["class"]]
    assert documents == ["What is at stake", "Russia's draft treaty"]
    assert f"The newest 30 of {len(entries)} entries" in soup.select_one(".topic-timeline").get_text()


def test_the_timeline_holds_every_document_and_position_in_order(archive):
    soup = archive.soup("timeline/")
    days = timeline_days(soup, ".wrap")
    assert days == sorted(days, reverse=True)
    assert len(days) == discovery.TIMELINE_NEWEST, "the first page holds the newest entries"
    assert "newest 100 of 109 entries" in soup.select_one(".lede").get_text()
    pages = timeline_pages(archive, "timeline/")
    assert pages == ["timeline/2022/", "timeline/2021/"]
    entries = [archive.soup(url) for url in pages]
    assert sum(len(page.select(".timeline__entry--document")) for page in entries) == 4
    assert sum(len(page.select(".timeline__entry--position")) for page in entries) == 3 + PERSONS + 2
    days = [day for page in entries for day in timeline_days(page, ".wrap")]
    assert days == sorted(days, reverse=True)
    months = [h3.get_text(" ", strip=True) for page in entries for h3 in page.select(".timeline-month h3")]
    assert months == ["February 2022 (1)", "January 2022 (4)", "December 2021 (104)"]
    assert all("Not yet published" not in page.get_text() for page in [soup, *entries])


def test_every_timeline_page_lists_the_years_and_marks_its_own(archive):
    for url, current in (("timeline/", None), ("timeline/2021/", "2021"), ("timeline/2022/", "2022")):
        nav = archive.soup(url).find("nav", attrs={"aria-label": "Years of the timeline"})
        assert [a.get_text(" ", strip=True) for a in nav.find_all("a")] == ["2022 (5)", "2021 (104)"]
        marked = [a.contents[0].strip() for a in nav.find_all("a", attrs={"aria-current": "page"})]
        assert marked == ([current] if current else []), url
    assert archive.soup("timeline/2021/").h1.get_text() == "Timeline, 2021"


def test_a_long_list_of_topic_documents_is_cut_into_pages(build_tree):
    files = {"topics/t.md": "Title: Busy\nSummary: Many documents.\n\nText.\n"}
    for n in range(55):
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        files[f"articles/a{n:02d}.md"] = f"Title: Article {n:02d}\nDate: {day}\nSummary: S.\nTopics: Busy\n\nText.\n"
    result = build_tree(files, overrides={"SEARCH_INDEX": False})
    tree = BuiltSite(result.output, result.problems)
    newest = links_in(tree, "topics/t/", ".topic-documents .doc-item__title a")
    assert newest == [f"articles/a{n:02d}/" for n in range(54, 34, -1)]
    more = tree.soup("topics/t/").select_one(".topic-documents .more")
    assert "The 20 newest of 55 documents" in more.get_text() and more.a["href"] == "../../topics/t/documents/"
    every = topic_document_links(tree, "t", "Busy")
    assert every == [f"articles/a{n:02d}/" for n in range(54, -1, -1)]
    assert tree.exists("topics/t/documents/2/") and not tree.exists("topics/t/documents/3/")


def test_the_month_chart_counts_documents_and_says_so_in_words(archive):
    soup = archive.soup("timeline/")
    svg = soup.select_one("svg.month-chart")
    assert svg["role"] == "img"
    labelled_by = [soup.find(id=name) for name in svg["aria-labelledby"].split()]
    assert [tag.name for tag in labelled_by] == ["title", "desc"]
    assert "4 documents from December 2021 to February 2022" in labelled_by[1].get_text()
    assert [t.get_text() for t in svg.select(".month-chart__count")] == ["1", "2", "1"]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup.select(".picture--chart tbody tr")]
    assert rows == [["December 2021", "1"], ["January 2022", "2"], ["February 2022", "1"]]


def test_the_home_page_has_the_latest_documents_topics_open_demands_and_search(archive):
    soup = archive.soup("")
    assert soup.select_one("main form[role=search] input[type=search]")
    assert links_in(archive, "", "#latest-summaries ~ .doc-list .doc-item__title a") == [
        "summaries/us-reply/",
        "summaries/nato-reply/",
        "summaries/draft-treaty/",
    ]
    assert [a.get_text() for a in soup.select("#topics-title ~ ul a")] == [
        "Arms control",
        "European security",
        "Quiet topic",
    ]
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    assert rows == [[ARMS_DEMAND, "Russia", "United States", "Open"]]


def map_texts(svg) -> list:
    return [(float(t["x"]), float(t["y"]), t.get_text()) for t in svg.select(".map-nodes text")]


def test_the_map_stays_legible_with_a_hundred_actors(archive):
    svg = archive.soup("positions/").select_one("svg.positions-map")
    width, height = (float(v) for v in svg["viewbox"].split()[2:])
    actor_rows = sorted(y for x, y, _ in map_texts(svg) if x < width / 2)
    assert len(actor_rows) == discovery.MAP_ACTORS  # the most active of 103
    gaps = {round(b - a, 3) for a, b in zip(actor_rows, actor_rows[1:], strict=False)}
    assert gaps == {pictures.ROW}, "actor names are one row apart, never on top of each other"
    for x, y, text in map_texts(svg):
        assert 0 < x < width and 0 < y < height and len(text) <= pictures.DEMAND_CHARS, text
    boxes = []
    for label in svg.select(".map-edge__label"):
        x, y, half = float(label["x"]), float(label["y"]), len(label.get_text()) * pictures.STANCE_FONT_WIDTH / 2
        boxes.append((x - half, y - 13, x + half, y))
    assert boxes, "lines carry stance labels"
    for index, box in enumerate(boxes):
        assert not pictures.overlaps(box, boxes[:index]), "two stance labels overlap"


def test_every_line_of_the_map_is_drawn_by_stance_and_named_in_the_table(archive):
    soup = archive.soup("positions/")
    edges = soup.select("svg.positions-map .map-edges > g")
    stances = [next(c for c in g["class"] if c.startswith("map-edge--")).removeprefix("map-edge--") for g in edges]
    assert set(stances) == set(STANCES)
    assert [t.get_text() for t in soup.select(".map-legend text")] == list(pictures.STANCES)
    rows = soup.select(".picture--map .picture__table tbody tr")
    assert len(rows) == len(edges) == 3 + (discovery.MAP_ACTORS - 3) + 2  # the most active actors' lines
    caption = soup.select_one(".picture--map figcaption").get_text()
    assert f"the {discovery.MAP_ACTORS} most active of {3 + PERSONS} actors" in caption


def test_the_positions_table_pages_hold_every_latest_stance_once(archive):
    pages = linked_pages(archive, "positions/", "Actors of the table")
    assert pages == ["positions/", "positions/2-1/", "positions/3-1/", "positions/4-1/", "positions/5-1/"]
    rows = []
    for url in pages:
        table = archive.soup(url).find("table", class_="positions-table")
        assert table.caption and all(th["scope"] == "col" for th in table.thead.find_all("th"))
        assert len(table.tbody.find_all("tr")) <= paging.ACTORS_PER_TILE
        rows += [tr.th.get_text(strip=True) for tr in table.tbody.find_all("tr")]
    assert len(rows) == len(set(rows)) == 3 + PERSONS
    assert archive.soup("positions/3-1/").find("a", attrs={"aria-current": "page"})["href"] == "../../positions/3-1/"
    assert not archive.soup("positions/2-1/").select("svg.positions-map")
    css = (ROOT / "themes/explainer/static/css/pictures.css").read_text(encoding="utf-8")
    patterns = {s: re.search(rf"\.map-edge--{s} path \{{[^}}]*\}}", css).group(0) for s in STANCES}
    dashes = {s: re.search(r"stroke-dasharray: ([^;]+);", rule) for s, rule in patterns.items()}
    drawn = {match.group(1) if match else "solid" for match in dashes.values()}
    assert len(drawn) == len(STANCES), "each stance has its own line pattern, not only its own colour"


def test_every_picture_has_a_text_alternative(archive):
    for url in ("positions/", "timeline/", "topics/security/"):
        soup = archive.soup(url)
        for svg in soup.select("main svg"):
            ids = svg["aria-labelledby"].split()
            assert [soup.find(id=name).name for name in ids] == ["title", "desc"], url
            assert svg.find_parent("figure").select_one("details table"), url


def test_a_demand_page_maps_every_actor_with_a_stance_on_it(archive):
    soup = archive.soup("demands/no-enlargement/")
    svg = soup.select_one(".neighbourhood svg.positions-map")
    focus = svg.select(".map-node--focus text")
    assert [t.get_text() for t in focus] == [SECURITY_DEMAND]
    actors = links_in(archive, "demands/no-enlargement/", ".neighbourhood svg .map-node--actor")
    expected = {f"actors/person-{i:03d}/" for i in range(0, PERSONS, 2)} | {
        "actors/russia/",
        "actors/nato/",
        "actors/united-states/",
    }
    assert set(actors) == expected and len(actors) == len(expected)


def test_an_actor_page_maps_the_demands_it_takes_a_stance_on(archive):
    soup = archive.soup("actors/nato/")
    assert [t.get_text() for t in soup.select(".neighbourhood .map-node--focus text")] == ["NATO"]
    edges = [g.title.get_text() for g in soup.select(".neighbourhood .map-edges > g")]
    assert edges == [
        f"NATO rejects {SECURITY_DEMAND} (recorded in one document)",
        f"NATO discusses {ARMS_DEMAND} (recorded in one document)",
    ]
    assert not archive.soup("actors/person-000/").select(".neighbourhood .map-node--demand text")[1:]


SVG = re.compile(r"<svg\b.*?</svg>", re.S)
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


def picture_links(site: BuiltSite) -> list[tuple[str, str]]:
    """(page, site-relative target) of every link inside an inline SVG."""
    found = []
    for page in site.pages():
        url = page.relative_to(site.root).as_posix()
        for svg in SVG.findall(page.read_text(encoding="utf-8")):
            for href in HREF.findall(svg):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(url), html.unescape(href)))
                found.append((url, target.lstrip("/") + "/"))
    return found


def test_every_link_in_a_picture_resolves_to_a_built_page(archive):
    links = picture_links(archive)
    for url, target in links:
        assert archive.exists(target), f"{url} links {target}"
    assert len(links) >= 2 * (3 + PERSONS)


def test_the_feeds_are_linked_from_the_matching_pages(archive):
    def feeds(url):
        return [
            link["href"] for link in archive.soup(url).select('head link[rel=alternate][type="application/atom+xml"]')
        ]

    assert feeds("") == ["./feeds/all.atom.xml"]
    assert feeds("topics/arms/") == ["../../feeds/all.atom.xml", "../../feeds/topics/arms.atom.xml"]
    assert feeds("actors/nato/") == ["../../feeds/all.atom.xml", "../../feeds/actors/nato.atom.xml"]
    assert feeds("demands/missiles/") == ["../../feeds/all.atom.xml"]


# The real content


def test_every_topic_page_of_the_archive_follows_the_topic_rule(site):
    import json  # noqa: PLC0415

    data = json.loads(site.html("data/archive.json"))
    demand_topics = {d["slug"]: set(d["topics"]) for d in data["demands"]}
    for topic in data["topics"]:
        expected = [
            d["id"] + "/"
            for d in data["documents"]
            if topic["slug"] in d["references"]["topics"]
            or any(topic["slug"] in demand_topics[slug] for slug in d["references"]["demands"])
        ]
        url = f"topics/{topic['slug']}/"
        assert links_in(site, url, ".topic-documents .doc-item__title a") == expected[:20], url
        assert topic_document_links(site, topic["slug"], topic["title"]) == expected, url


def test_the_archive_timeline_is_in_order_and_complete(site):
    pages = [site.soup(url) for url in timeline_pages(site, "timeline/")]
    days = [day for soup in pages for day in timeline_days(soup, ".wrap")]
    assert days == sorted(days, reverse=True)
    documents = sorted(site.root.glob("summaries/*/index.html")) + sorted(site.root.glob("articles/*/index.html"))
    assert sum(len(soup.select(".timeline__entry--document")) for soup in pages) == len(documents)


def test_every_picture_link_of_the_archive_resolves(site):
    for url, target in picture_links(site):
        assert site.exists(target), f"{url} links {target}"


# Validity and accessibility of the pages with pictures (the generated archive)

# The quality gates check one page of every type of the real site; here, one
# page of each picture (the map, the chart) as large as a hundred actors make it.
PICTURE_PAGES = {
    "positions": "positions/",
    "positions-page": "positions/2-1/",
    "timeline": "timeline/",
    "timeline-year": "timeline/2021/",
    "topic-timeline-year": "topics/security/timeline/2021/",
    "topic-documents": "topics/security/documents/",
}


def tool_missing(reason) -> None:
    """Fail under CI, where every tool must be installed; skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the tool is missing: {reason}")
    pytest.skip(str(reason))


@pytest.mark.validator
def test_the_pages_with_pictures_are_valid_html(archive):
    from archive_quality import html_valid  # noqa: PLC0415

    try:
        command = html_valid.vnu_command()
    except html_valid.ToolMissing as reason:
        tool_missing(reason)
    urls = [*PICTURE_PAGES.values(), "topics/security/", "demands/no-enlargement/", "actors/nato/"]
    pages = [str(archive.file(url)) for url in urls]
    result = subprocess.run([*command, *pages], capture_output=True, encoding="utf-8", check=False, timeout=300)
    assert html_valid.parse_messages(result.stdout + result.stderr, archive.root) == []


@pytest.mark.browser
def test_the_pages_with_pictures_pass_axe_in_light_and_dark(archive):
    from archive_quality import accessibility  # noqa: PLC0415
    from archive_quality.server import SiteServer  # noqa: PLC0415

    try:
        accessibility.chromium_path()
        with SiteServer(archive.root) as server:
            problems = accessibility.audit(server.base_url, PICTURE_PAGES)
    except accessibility.ToolMissing as reason:
        tool_missing(reason)
    assert problems == []
