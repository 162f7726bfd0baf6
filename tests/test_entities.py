"""Actors and demands across the archive: mentions linked, entity pages,
positions, related documents, and the checks editors see."""

from __future__ import annotations

import html as html_module
import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SETTINGS, BuiltSite, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_build.runner import build_site
from archive_entities.linker import Target, link_mentions
from archive_entities.matcher import MentionMatcher
from archive_entities.related import RelatedIndex
from archive_model.header import split_header
from archive_model.problems import STRICT, SUGGESTION, ContentError

FOMIN = "actors/alexander-fomin/"
COUNCIL_SUMMARY = "summaries/russia-nato-council-2022-01-12/"

TREE = {
    "actors/alexander-fomin.md": """Title: Alexander Fomin
Kind: person
Aliases: Fomin, \u0424\u043e\u043c\u0438\u043d
Role: Deputy Minister of Defence of Russia
Affiliation: Russia

Alexander Fomin spoke for Russia at the Russia\u2013NATO Council. Fomin is not linked to himself.
""",
    "actors/russia.md": """Title: Russia
Kind: state
Aliases: Russian Federation

A state.
""",
    "actors/nato.md": """Title: NATO
Kind: organisation
Aliases: North Atlantic Treaty Organization
Role: Military alliance

An alliance.
""",
    "actors/united-states.md": """Title: United States
Kind: state
Aliases: US

A state.
""",
    "demands/no-further-enlargement.md": """Title: No further NATO enlargement
Aliases: halt to enlargement
Made-by: Russia
Addressed-to: NATO, United States
Outcome: rejected
Topics: NATO enlargement

Russia asked NATO to admit no new members.
""",
    "topics/nato-enlargement.md": """Title: NATO enlargement
Summary: Whether NATO admits new members.

How NATO grew, and why Fomin objects.
""",
    "summaries/russia-nato-council-2022-01-12.md": """Title: Russia\u2013NATO Council meeting of 12 January 2022
Date: 2022-01-14
Summary: What was said at the council.
Topics: NATO enlargement
Actors: Alexander Fomin, NATO, Russia
Demands: No further NATO enlargement
Source: NATO
Source-URL: https://www.nato.int/
Source-Date: 2022-01-12
Positions:
    Russia | demands | No further NATO enlargement
    NATO | discusses | halt to enlargement

## What Fomin said

Deputy Minister Alexander Fomin said the talks were frank. Later Fomin spoke again.

The US and us: NATO's answer.[^1]

[^1]: See [NATO](https://www.nato.int/) and `NATO`.
""",
    "summaries/nato-reply-2022-01-26.md": """Title: NATO's written reply
Date: 2022-01-27
Summary: NATO answered in writing.
Actors: NATO
Demands: No further NATO enlargement
Source: NATO
Source-URL: https://www.nato.int/
Source-Date: 2022-01-26
Positions:
    NATO | rejects | No further NATO enlargement

NATO rejected a halt to enlargement.
""",
    "articles/why-enlargement.md": """Title: Why enlargement matters
Date: 2022-01-20
Summary: An explainer.
Topics: NATO enlargement
Actors: Russia
Demands: No further NATO enlargement

## Background

Russia wants a halt to enlargement.

The United States disagrees, as \u0424\u043e\u043c\u0438\u043d noted.
""",
    "pages/about.md": "Title: About\n\nAbout the archive.\n",
}


def build(tmp_path_factory, files, settings_file=SETTINGS, strict=True, **overrides):
    root = tmp_path_factory.mktemp("entities")
    content = write_tree(root / "content", files)
    result = build_site(settings_file, content=content, output=root / "output", strict=strict, overrides=overrides)
    return result, BuiltSite(result.output, result.problems)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build(tmp_path_factory, TREE)


@pytest.fixture(scope="module")
def tree(small) -> BuiltSite:
    return small[1]


def mentions(soup):
    return soup.select("a.mention")


def resolve(page_url: str, href: str) -> str:
    """The site path a relative href on a page points to."""
    target = posixpath.normpath(posixpath.join("/" + page_url, href)).lstrip("/")
    return target + "/" if href.endswith("/") else target


# -- mentions in the built site ----------------------------------------------------------


def test_summary_links_its_first_mention_with_role(tree):
    links = [a for a in mentions(tree.soup(COUNCIL_SUMMARY)) if "alexander-fomin" in a["href"]]
    assert len(links) == 1
    assert links[0]["href"] == "../../actors/alexander-fomin/"
    assert links[0]["title"] == "Deputy Minister of Defence of Russia"
    assert links[0]["class"] == ["mention", "mention--actor"]
    assert links[0].get_text() == "Alexander Fomin"


def test_mentions_skip_headings_links_code_and_lower_case_short_forms(tree):
    soup = tree.soup(COUNCIL_SUMMARY)
    assert not soup.select("h1 a.mention, h2 a.mention, code a.mention, a a.mention")
    texts = [a.get_text() for a in mentions(soup)]
    assert "US" in texts and "us" not in texts
    assert "NATO" in texts


def test_every_mention_link_leads_to_an_existing_page_at_every_depth(tree):
    checked = 0
    for page in tree.pages():
        folder = page.relative_to(tree.root).parent.as_posix()
        url = "" if folder == "." else folder + "/"
        for link in mentions(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")):
            assert not link["href"].startswith(("/", "{")), (page, link["href"])
            assert tree.exists(resolve(url, link["href"])), (page, link["href"])
            checked += 1
    assert checked >= 6


def test_entity_pages_link_others_but_never_themselves(tree):
    soup = tree.soup(FOMIN)
    hrefs = [a["href"] for a in mentions(soup)]
    assert "../../actors/russia/" in hrefs
    assert not any("alexander-fomin" in href for href in hrefs)
    topic_links = [a["href"] for a in mentions(tree.soup("topics/nato-enlargement/"))]
    assert "../../actors/alexander-fomin/" in topic_links


def test_mention_links_are_relative_to_each_page_at_any_depth(tmp_path_factory):
    deeper = {
        "ARTICLE_URL": "{category}/{date:%Y}/{slug}/",
        "ARTICLE_SAVE_AS": "{category}/{date:%Y}/{slug}/index.html",
    }
    _, built = build(tmp_path_factory, TREE, ENTITY_DOCUMENTS_LIMIT=1, **deeper)
    url = "summaries/2022/russia-nato-council-2022-01-12/"
    hrefs = {a["href"] for a in mentions(built.soup(url))}
    assert "../../../actors/alexander-fomin/" in hrefs
    assert all(built.exists(resolve(url, href)) for href in hrefs)
    covered = section(built.soup("actors/nato/"), "covered-in")
    assert len(covered.select(".doc-item")) == 1, "long lists are cut at ENTITY_DOCUMENTS_LIMIT"
    assert "The 1 most recent of 2 documents are listed" in covered.get_text(" ", strip=True)


def test_published_settings_give_absolute_mention_links(tmp_path_factory):
    publish = ROOT / "publishconf.py"
    _, built = build(tmp_path_factory, TREE, publish, SITEURL="https://example.org/archive", RELATIVE_URLS=False)
    hrefs = {a["href"] for a in mentions(built.soup(COUNCIL_SUMMARY))}
    assert "https://example.org/archive/actors/alexander-fomin/" in hrefs


def test_mention_timing_is_recorded(small):
    result, _ = small
    assert isinstance(result.timings["mentions"], float)
    assert result.timings["mentions"] >= 0


# -- entity pages ------------------------------------------------------------------------


def section(soup, heading_id):
    heading = soup.find(id=heading_id)
    assert heading is not None, heading_id
    return heading.find_parent("section")


def test_actor_page_lists_covering_document_with_snippet(tree):
    covered = section(tree.soup(FOMIN), "covered-in")
    item = covered.find("a", href="../../summaries/russia-nato-council-2022-01-12/").find_parent("li")
    assert item.find("time")["datetime"] == "2022-01-12", "the day of the source"
    assert item.select_one(".snippet").get_text() == "Deputy Minister Alexander Fomin said the talks were frank."


def test_actor_page_lists_documents_that_only_mention_it(tree):
    mentioned = section(tree.soup(FOMIN), "mentioned-in")
    item = mentioned.find("a", href="../../articles/why-enlargement/").find_parent("li")
    assert "noted" in item.select_one(".snippet").get_text()


def test_actor_page_shows_affiliation_members_positions_and_co_mentions(tree):
    russia = tree.soup("actors/russia/")
    facts = russia.select_one("dl.facts")
    assert facts.find("a", href="../../actors/alexander-fomin/"), "members"
    positions = section(russia, "positions-taken")
    assert positions.find("th", scope="col") and "Demands" in positions.get_text()
    together = [a.get_text() for a in section(russia, "co-mentioned").find_all("a")]
    assert together == ["Alexander Fomin", "United States", "NATO"]
    fomin_facts = tree.soup(FOMIN).select_one("dl.facts")
    assert fomin_facts.find("a", href="../../actors/russia/")


def test_demand_page_shows_the_positions_timeline_oldest_first(tree):
    timeline = section(tree.soup("demands/no-further-enlargement/"), "positions-timeline")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in timeline.tbody("tr")]
    assert [row[0] for row in rows] == ["12 January 2022", "12 January 2022", "26 January 2022"]
    assert [row[1:3] for row in rows] == [["NATO", "Discusses"], ["Russia", "Demands"], ["NATO", "Rejects"]]
    assert rows[2][3] == "NATO's written reply"


def test_actors_index_groups_by_kind_with_counts(tree):
    soup = tree.soup("actors/")
    assert soup.find(id="kind-state").get_text(" ", strip=True) == "States (2)"
    fomin = soup.find("a", href="../actors/alexander-fomin/").find_parent("li")
    assert "2 documents" in fomin.get_text()


def test_demands_index_shows_outcome_and_counts(tree):
    row = tree.soup("demands/").find("a", href="../demands/no-further-enlargement/").find_parent("tr")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells == ["Rejected", "3", "3"]


def test_positions_page_is_an_accessible_table_of_latest_stances(tree):
    soup = tree.soup("positions/")
    table = soup.find("table", class_="positions-table")
    assert table.caption.get_text(strip=True)
    assert [th.get_text(strip=True) for th in table.thead.find_all("th", scope="col")][1:] == [
        "No further NATO enlargement"
    ]
    rows = {row.th.get_text(strip=True): row for row in table.tbody("tr")}
    assert set(rows) == {"NATO", "Russia"}
    assert all(row.th["scope"] == "row" for row in rows.values())
    nato = rows["NATO"].td.a
    assert nato.get_text(" ", strip=True).startswith("Rejects")
    assert nato["href"] == "../summaries/nato-reply-2022-01-26/"
    menu = [a["href"] for a in soup.find("nav", attrs={"aria-label": "Main"}).find_all("a")]
    assert "../positions/" in menu


def test_documents_show_chips_and_related_documents(tree):
    soup = tree.soup("articles/why-enlargement/")
    chips = {a["href"] for a in soup.select(".entity-chips a")}
    assert {"../../actors/russia/", "../../demands/no-further-enlargement/", "../../topics/nato-enlargement/"} <= chips
    related = [a["href"] for a in soup.select(".related a")]
    assert related[0] == "../../summaries/russia-nato-council-2022-01-12/"
    assert "../../articles/why-enlargement/" not in related


# -- related documents from an inverted index ---------------------------------------------


class Doc:
    def __init__(self, slug, day, *entities):
        import datetime

        self.slug = slug
        self.date = datetime.datetime(2022, 1, day)
        self.references = {"actors": [Entity(name) for name in entities]}


class Entity:
    kind = "actor"

    def __init__(self, slug):
        self.slug = slug


def test_related_ranks_by_shared_entities_then_rarity_then_date():
    docs = [
        Doc("a", 1, "nato", "russia", "fomin"),
        Doc("b", 2, "nato", "russia"),
        Doc("c", 3, "nato", "fomin"),
        Doc("d", 4, "nato"),
        Doc("e", 5, "lavrov"),
    ]
    index = RelatedIndex(docs)
    assert [d.slug for d in index.related(docs[0])] == ["c", "b", "d"]
    assert index.related(docs[4]) == []
    assert len(index.related(docs[0], limit=1)) == 1


def test_related_never_walks_the_lists_of_common_entities():
    docs = [Doc(f"d{i}", 1 + i % 28, "nato") for i in range(30)] + [Doc("x", 1, "nato", "rare"), Doc("y", 2, "rare")]
    index = RelatedIndex(docs, common_limit=10)
    assert [d.slug for d in index.related(docs[-2])] == ["y"]


def reference_related(documents, document, limit=5, common_limit=200):
    """Every candidate scored: what RelatedIndex must give with its shortcuts."""
    index = RelatedIndex(documents, common_limit)
    own = index._entities[id(document)]
    walked = {key for key in own if len(index._postings[key]) <= common_limit}
    scored = []
    for other in documents:
        shared = own & index._entities[id(other)]
        if other is document or not shared & walked:
            continue
        weight = round(sum(index._weight[key] for key in shared), 9)
        scored.append((-len(shared), -weight, -other.date.toordinal(), other.slug))
    return [item[-1] for item in sorted(scored)[:limit]]


@given(st.lists(st.sets(st.sampled_from("abcdefgh"), max_size=5), min_size=1, max_size=40), st.integers(1, 12))
@settings(max_examples=80, deadline=None)
def test_related_gives_what_scoring_every_candidate_gives(entity_sets, common_limit):
    docs = [Doc(f"d{i:02d}", 1 + i % 28, *sorted(names)) for i, names in enumerate(entity_sets)]
    index = RelatedIndex(docs, common_limit=common_limit)
    for document in docs:
        expected = reference_related(docs, document, common_limit=common_limit)
        assert [d.slug for d in index.related(document)] == expected


# -- validation ----------------------------------------------------------------------------

BAD = {
    **TREE,
    "actors/moscow.md": "Title: Moscow\nKind: state\nAliases: Fomin\nAffiliation: Kremlin\n\nA city.\n",
    "actors/kremlin.md": "Title: Kremlin\nKind: organisation\nAffiliation: Moscow\n\nA seat.\n",
    "demands/russia.md": "Title: Russia\n\nA demand named like an actor.\n",
    "articles/bad.md": """Title: Bad
Date: 2022-01-21
Summary: Wrong references.
Actors: Alexandr Fomin

Text.
""",
    "summaries/bad-positions.md": """Title: Bad positions
Date: 2022-01-22
Summary: Wrong positions.
Source: NATO
Source-URL: https://www.nato.int/
Source-Date: 2022-01-22
Positions:
    NATO | refuses | No further NATO enlargement
    NATO | rejects
    Natto | rejects | No further NATO enlargement

Text.
""",
}


@pytest.fixture(scope="module")
def bad_problems(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    content = write_tree(root / "content", BAD)
    with pytest.raises(ContentError) as failure:
        build_site(SETTINGS, content=content, output=root / "output", strict=True)
    assert not (root / "output").exists()
    return {(p.path, p.line): p for p in failure.value.problems}


def problem(problems, path, line):
    found = problems.get((path, line))
    assert found is not None, f"no problem at {path}:{line}; found {sorted(problems)}"
    assert found.severity == STRICT
    return found


def test_unknown_reference_names_file_line_field_value_and_suggestion(bad_problems):
    found = problem(bad_problems, "articles/bad.md", 4)
    assert "Actors names 'Alexandr Fomin', which is no known actor" in found.message
    assert "Did you mean 'Alexander Fomin'?" in found.fix


def test_unknown_actor_in_a_positions_line_is_named_at_its_line(bad_problems):
    found = problem(bad_problems, "summaries/bad-positions.md", 10)
    assert "Positions names 'Natto', which is no known actor" in found.message
    assert "Did you mean 'NATO'?" in found.fix


def test_a_name_claimed_twice_within_a_kind(bad_problems):
    found = problem(bad_problems, "actors/moscow.md", 3)
    assert "'Fomin' is also claimed by actors/alexander-fomin.md" in found.message


def test_a_name_claimed_by_an_actor_and_a_demand(bad_problems):
    found = problem(bad_problems, "demands/russia.md", 1)
    assert "'Russia' is also claimed by actors/russia.md" in found.message


def test_stance_outside_the_vocabulary(bad_problems):
    found = problem(bad_problems, "summaries/bad-positions.md", 8)
    assert "Stance 'refuses' is not one of: demands, supports, rejects, discusses" in found.message


def test_positions_line_without_three_parts(bad_problems):
    found = problem(bad_problems, "summaries/bad-positions.md", 9)
    assert "has 2 part(s), not three" in found.message


def test_a_circle_of_affiliations_is_named(bad_problems):
    found = problem(bad_problems, "actors/kremlin.md", 3)
    assert "go round in a circle: Kremlin \u2192 Moscow \u2192 Kremlin" in found.message


def test_without_strict_the_same_problems_are_warnings(tmp_path_factory):
    result, built = build(tmp_path_factory, BAD, strict=False)
    lines = result.warnings()
    assert any("go round in a circle" in line and ": warning: " in line for line in lines)
    assert built.exists(FOMIN)


def test_unlisted_mentions_are_suggestions_at_the_line_of_the_first_mention(small):
    result, _ = small
    suggestions = [p for p in result.problems.sorted() if p.severity == SUGGESTION]
    assert [(p.path, p.line, p.message) for p in suggestions] == [
        ("articles/why-enlargement.md", 12, "Mentions 'United States' in the text but not in Actors"),
        (
            "articles/why-enlargement.md",
            12,
            "Mentions '\u0424\u043e\u043c\u0438\u043d' (Alexander Fomin) in the text but not in Actors",
        ),
        (
            "summaries/russia-nato-council-2022-01-12.md",
            18,
            "Mentions 'US' (United States) in the text but not in Actors",
        ),
    ]
    assert suggestions[0].fix == "Add it to the Actors line if the document is about it"


# -- properties of the linker --------------------------------------------------------------

PROPERTY_NAMES = ["NATO", "Russia", "Russia\u2013NATO Council", "US", "Fomin", "halt to enlargement"]
PROPERTY_MATCHER = MentionMatcher([(name, name) for name in PROPERTY_NAMES])
PROPERTY_TARGETS = {name: Target(f"/e/{i}/", "role & <title>", "actor") for i, name in enumerate(PROPERTY_NAMES)}
WORDS = st.sampled_from([*PROPERTY_NAMES, "us", "nato", "the", "&amp;", "&rsquo;s", "'s", "\u2013", "<", ">", " "])
TAGS = st.sampled_from(["p", "em", "a", "code", "h2", "li", "strong", "pre"])


@st.composite
def documents(draw):
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        tag = draw(TAGS)
        words = draw(st.lists(WORDS, max_size=8))
        text = " ".join(html_module.escape(w) if w in "<>" else w for w in words)
        attributes = ' href="https://x"' if tag == "a" else ""
        parts.append(f"<{tag}{attributes}>{text}</{tag}>")
    return "".join(parts)


def visible_text(markup):
    return html_module.unescape(re.sub(r"<[^>]*>", "", markup))


@settings(max_examples=150, deadline=None)
@given(documents())
def test_linking_never_changes_the_visible_text(document):
    result = link_mentions(document, PROPERTY_MATCHER, PROPERTY_TARGETS)
    assert visible_text(result.html) == visible_text(document)


@settings(max_examples=150, deadline=None)
@given(documents())
def test_linking_never_nests_a_link_in_a_link(document):
    result = link_mentions(document, PROPERTY_MATCHER, PROPERTY_TARGETS)
    soup = BeautifulSoup(result.html, "html.parser")
    assert not soup.select("a a")
    assert len(soup.select("a.mention")) == len(result.snippets)
    assert len(result.snippets) == len(set(result.snippets))


# -- the real archive ------------------------------------------------------------------------


def real_council_summary() -> str:
    """The seed summary of the NATO-Russia Council of 12 January 2022 that lists Fomin."""
    for path in sorted((ROOT / "content" / "summaries").glob("*.md")):
        header = split_header(path.read_text(encoding="utf-8"))
        if header.get("source_date") == "2022-01-12" and "Alexander Fomin" in header.get("actors"):
            return f"summaries/{header.get('slug') or path.stem}/"
    raise AssertionError("content/summaries/ has no summary of 12 January 2022 listing Alexander Fomin")


def test_real_seed_summary_links_to_fomin(site):
    url = real_council_summary()
    links = [a for a in mentions(site.soup(url)) if a["href"] == "../../actors/alexander-fomin/"]
    assert len(links) == 1
    assert links[0]["title"]


def test_real_summaries_and_explainers_show_related_documents(site):
    for url in (real_council_summary(), "articles/the-january-2022-talks/"):
        related = [resolve(url, a["href"]) for a in site.soup(url).select(".related a")]
        assert 1 <= len(related) <= 5, url
        assert all(site.exists(target) for target in related), related
        assert url not in related


def test_real_fomin_page_lists_the_summary_with_a_snippet(site):
    url = real_council_summary()
    covered = section(site.soup(FOMIN), "covered-in")
    link = covered.find("a", href=f"../../{url}")
    assert link is not None
    snippet = link.find_parent("li").select_one(".snippet")
    assert snippet is not None and "Fomin" in snippet.get_text()


def test_real_demand_pages_show_the_positions_timeline(site):
    positions = section(site.soup(FOMIN), "positions-taken")
    demand_urls = {resolve(FOMIN, a["href"]) for a in positions.select("a.entity--demand")}
    assert demand_urls
    for demand_url in sorted(demand_urls):
        timeline = section(site.soup(demand_url), "positions-timeline")
        rows = timeline.tbody("tr")
        days = [row.find("time")["datetime"] for row in rows]
        assert days == sorted(days), demand_url
        assert any(row.th.get_text(strip=True) == "Alexander Fomin" for row in rows), demand_url


def test_real_mention_links_all_lead_to_pages(site):
    checked = 0
    for page in site.pages():
        folder = page.relative_to(site.root).parent.as_posix()
        url = "" if folder == "." else folder + "/"
        for link in mentions(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")):
            assert site.exists(resolve(url, link["href"])), (page, link["href"])
            checked += 1
    assert checked > 20


def test_real_positions_page_has_a_row_per_actor_with_positions(site):
    table = site.soup("positions/").find("table", class_="positions-table")
    actors = [row.th.get_text(strip=True) for row in table.tbody("tr")]
    assert "Alexander Fomin" in actors
    assert actors == sorted(actors, key=str.casefold)


# -- livereload: linked texts kept for the session ----------------------------------------


class NamedEntity:
    def __init__(self, kind, slug, title, aliases=()):
        self.kind, self.slug, self.title, self.aliases = kind, slug, title, list(aliases)
        self.source_path_relative = f"{kind}s/{slug}.md"
        self.role = "Role"
        self.names = [title, *aliases]


class Text:
    doc_type = "summary"

    def __init__(self, path, html):
        self.source_path = path
        self._content = html


def session_linker(*aliases):
    from archive_entities.mentions import MentionLinker
    from archive_entities.registry import Registry

    return MentionLinker(Registry.build([NamedEntity("actor", "nato", "NATO", aliases)]))


def linked_with(linker, memo, html, path="summaries/a.md"):
    text = Text(path, html)
    linker.link(text, memo)
    rendered = text.__dict__.get("_content") or text._get_content()  # a linked text is kept compressed
    return rendered, [(m.entity.slug, m.count, m.snippet, m.words) for m in text.mentions]


def test_a_session_memo_gives_what_linking_gives_and_is_used_while_nothing_changes(monkeypatch):
    from archive_entities import mentions
    from archive_entities.mentions import LinkMemo

    html = "<p>NATO met. The Alliance answered, and NATO wrote.</p>"
    linker, memo = session_linker("the Alliance"), LinkMemo()
    memo.bind(linker.fingerprint())
    first = linked_with(linker, memo, html)
    assert first == linked_with(linker, None, html)
    assert first[1] == [("nato", 3, "NATO met.", "NATO")]
    monkeypatch.setattr(mentions, "link_mentions", lambda *args, **kwargs: pytest.fail("linked again"))
    assert linked_with(linker, memo, html) == first
    plain = "<p>Nothing here.</p>"
    monkeypatch.undo()
    linked_with(linker, memo, plain, "summaries/b.md")
    monkeypatch.setattr(mentions, "link_mentions", lambda *args, **kwargs: pytest.fail("linked again"))
    assert linked_with(linker, memo, plain, "summaries/b.md") == (plain, [])


def test_a_session_memo_links_again_when_the_text_or_the_names_change():
    from archive_entities.mentions import LinkMemo

    linker, memo = session_linker("the Alliance"), LinkMemo()
    memo.bind(linker.fingerprint())
    linked_with(linker, memo, "<p>NATO met.</p>")
    edited = linked_with(linker, memo, "<p>The Alliance met.</p>")
    assert edited[1] == [("nato", 1, "The Alliance met.", "The Alliance")]
    renamed = session_linker("the Organisation")
    assert renamed.fingerprint() != linker.fingerprint()
    memo.bind(renamed.fingerprint())
    assert linked_with(renamed, memo, "<p>The Alliance met.</p>")[1] == []
