"""Search: what is indexed, the search page without a browser, a stable bundle.

The browser tests (typing queries, facets, links) are in test_search_browser.py.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import cbor2
import pytest
from bs4 import BeautifulSoup

from archive_model.problems import ContentError
from archive_search import canonical, chunks, generator, indexer
from archive_search.records import document_record, entity_record, name_key

# A small archive: an actor with a Cyrillic alias, an acronym that many texts
# repeat, an explainer and a summary of different years.
SEARCH_TREE = {
    "actors/alexander-fomin.md": """Title: Alexander Fomin
Kind: person
Aliases: Fomin, Фомин
Role: Deputy Minister of Defence
Affiliation: Russia

A deputy minister of defence who spoke at the NATO–Russia Council.
""",
    "actors/russia.md": """Title: Russia
Kind: state
Aliases: Russian Federation

The state that proposed the draft treaties.
""",
    "actors/nato.md": """Title: NATO
Kind: organisation
Aliases: North Atlantic Treaty Organization, OTAN

The alliance.
""",
    "actors/nato-russia-council.md": """Title: NATO–Russia Council
Kind: organisation
Aliases: NATO-Russia Council, Russia-NATO Council, NRC

The NATO–Russia Council, where NATO and Russia met; NATO chaired it.
""",
    "demands/no-nato-expansion.md": """Title: No further NATO expansion eastward
Made-by: Russia
Addressed-to: NATO
Outcome: rejected
Topics: European security

Russia asked NATO to admit no new members.
""",
    "topics/european-security.md": """Title: European security
Summary: Who guarantees whose security in Europe.

The topic of security in Europe.
""",
    "articles/missiles-explained.md": """Title: Missiles in Europe explained
Date: 2022-02-01
Summary: What the missile question is about.
Topics: European security
Actors: NATO, Russia

NATO and Russia argued about missiles. NATO said missiles were a question for
NATO members; NATO repeated it. Missiles, missiles and more missiles.
""",
    "summaries/fomin-at-the-council.md": """Title: The deputy minister at the council
Date: 2022-01-13
Summary: What the deputy minister told the council about missiles.
Topics: European security
Actors: Alexander Fomin, NATO, NATO–Russia Council
Demands: No further NATO expansion eastward
Source: A ministry statement
Source-URL: https://example.org/statement
Source-Date: 2021-12-20
Source-Language: Russian
Positions:
    Alexander Fomin | demands | No further NATO expansion eastward

Fomin told NATO that missiles in Europe worried Russia. Fomin spoke of NATO
again and again: NATO, NATO, NATO.
""",
}


@dataclass
class FakeEntity:
    kind: str
    slug: str
    title: str
    aliases: list = field(default_factory=list)
    references: dict = field(default_factory=dict)
    role: str = ""
    content: str = "<p>About.</p>"
    metadata: dict = field(default_factory=dict)

    @property
    def names(self):
        return [self.title, *self.aliases]

    @property
    def save_as(self):
        return f"{self.kind}s/{self.slug}/index.html"


@dataclass
class FakeDocument:
    title: str
    doc_type: str = "summary"
    slug: str = "doc"
    references: dict = field(default_factory=dict)
    source_date_value: datetime.date | None = datetime.date(2021, 12, 17)
    date: datetime.datetime = datetime.datetime(2026, 1, 2)
    content: str = "<p>Text.</p>"
    metadata: dict = field(default_factory=dict)
    source: str = "The ministry"
    save_as: str = "summaries/doc/index.html"


@dataclass
class FakePosition:
    actor: FakeEntity
    demand: FakeEntity


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def filters_of(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup_of(html).select("[data-pagefind-filter]"):
        found.setdefault(tag["data-pagefind-filter"], []).append(tag.get_text())
    return found


def test_entity_names_and_aliases_weigh_most_and_fill_the_name_filter():
    fomin = FakeEntity("actor", "fomin", "Alexander Fomin", ["Fomin", "Фомин"])
    html = entity_record(fomin).html
    weighted = soup_of(html).select_one("[data-pagefind-weight]")
    assert weighted["data-pagefind-weight"] == "10"
    assert weighted.get_text() == "Alexander Fomin · Fomin · Фомин"
    assert filters_of(html)["name"] == ["alexander fomin", "fomin", "фомин"]
    assert filters_of(html)["type"] == ["Actor"]


def test_entity_filters_name_the_entity_and_what_it_refers_to():
    russia = FakeEntity("actor", "russia", "Russia")
    nato = FakeEntity("actor", "nato", "NATO")
    topic = FakeEntity("topic", "security", "European security")
    demand = FakeEntity(
        "demand",
        "no-expansion",
        "No expansion",
        references={"made_by": [russia], "addressed_to": [nato], "topics": [topic]},
    )
    filters = filters_of(entity_record(demand).html)
    assert filters["demand"] == ["No expansion"]
    assert filters["actor"] == ["NATO", "Russia"]
    assert filters["topic"] == ["European security"]
    assert filters["type"] == ["Demand"]


def test_document_filters_come_from_resolved_references_and_positions():
    fomin = FakeEntity("actor", "fomin", "Alexander Fomin")
    nato = FakeEntity("actor", "nato", "NATO")
    demand = FakeEntity("demand", "no-expansion", "No expansion")
    topic = FakeEntity("topic", "security", "European security")
    document = FakeDocument("A summary", references={"actors": [nato], "topics": [topic]})
    html = document_record(document, [FakePosition(fomin, demand)]).html
    filters = filters_of(html)
    assert filters == {
        "actor": ["Alexander Fomin", "NATO"],
        "demand": ["No expansion"],
        "topic": ["European security"],
        "type": ["Annotated summary"],
        "year": ["2021"],
    }
    metas = {tag["data-pagefind-meta"]: tag.get_text() for tag in soup_of(html).select("[data-pagefind-meta]")}
    assert metas == {"date": "17 December 2021", "datetime": "2021-12-17", "type": "Annotated summary"}


def test_filters_and_meta_are_left_out_of_the_indexed_text():
    html = document_record(FakeDocument("A summary")).html
    hidden = soup_of(html).select_one("[data-pagefind-ignore]")
    assert hidden["data-pagefind-ignore"] == "index"
    assert all(hidden in tag.parents for tag in soup_of(html).select("[data-pagefind-filter], [data-pagefind-meta]"))


def test_metadata_is_escaped_and_rendered_markdown_is_kept():
    document = FakeDocument("<script>alert(1)</script>", content="<p><em>Kept</em></p>", source="A & B")
    page = soup_of(document_record(document).html)
    assert page.find("script") is None
    assert page.h1.get_text() == "<script>alert(1)</script>"
    assert page.find("em").get_text() == "Kept"
    assert "A & B" in page.get_text()


def test_name_key_folds_case_dashes_apostrophes_and_spaces():
    assert name_key("  NATO–Russia   Council ") == "nato-russia council"
    assert name_key("Russia\u2019s MFA") == "russia's mfa"
    assert name_key("ФОМИН") == "фомин"


def filter_file(name, values):
    return canonical.chunk_bytes([name, values])


def bundle_with(order):
    """A tiny bundle whose filter values come in the given order, as Pagefind's do."""
    filter_hash = f"en_{'abc1234' if order == 'a' else 'def5678'}"
    meta = ["1.5.2", [], [], [["type", filter_hash]], [], ["title"]]
    values = [["Explainer", [1]], ["Actor", [0]]]
    if order == "b":
        values.reverse()
    meta_hash = "en_1111111111" if order == "a" else "en_2222222222"
    entry = {"version": "1.5.2", "languages": {"en": {"hash": meta_hash, "wasm": "en", "page_count": 2}}}
    return {
        "pagefind-entry.json": json.dumps(entry).encode(),
        f"pagefind.{meta_hash}.pf_meta": canonical.chunk_bytes(meta),
        f"filter/{filter_hash}.pf_filter": filter_file("type", values),
        "pagefind.js": b"// code",
    }


def test_canonical_bundle_is_the_same_whatever_order_pagefind_wrote():
    first, second = canonical.canonicalize(bundle_with("a")), canonical.canonicalize(bundle_with("b"))
    assert first == second
    entry = json.loads(first["pagefind-entry.json"])
    meta = canonical.read_chunk(first[f"pagefind.{entry['languages']['en']['hash']}.pf_meta"], "meta")
    (name, filter_hash), *_ = meta[canonical.META_FILTERS]
    values = canonical.read_chunk(first[f"filter/{filter_hash}.pf_filter"], "filter")
    assert values == ["type", [["Actor", [0]], ["Explainer", [1]]]]


def word(text: str, pages: int) -> list:
    """A word entry as Pagefind writes it: [word, [[page delta, [locations]]...], variants]."""
    return [text, [[1, [3, 5]] for _ in range(pages)], []]


def bundle_with_chunk(words: list) -> dict[str, bytes]:
    meta = ["1.5.2", [], [[words[0][0], words[-1][0], "en_0000000"]], [], [], ["title"]]
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_1111111111", "wasm": "en", "page_count": 1}}}
    return {
        "pagefind-entry.json": json.dumps(entry).encode(),
        "pagefind.en_1111111111.pf_meta": canonical.chunk_bytes(meta),
        "index/en_0000000.pf_index": canonical.chunk_bytes([words]),
    }


def test_a_heavy_word_gets_a_chunk_of_its_own_and_every_word_stays_findable():
    words = [word("said", 1), word("sakov", 1), word("secur", 50), word("security”", 1), word("separ", 50)]
    split = chunks.split_word_chunks(bundle_with_chunk(words), target=64)
    meta = canonical.read_chunk(split["pagefind.en_1111111111.pf_meta"], "meta")
    listed = meta[chunks.META_CHUNKS]
    assert [(first, last) for first, last, _ in listed] == [
        ("said", "sakov"),
        ("secur", "secur"),
        ("security”", "security”"),
        ("separ", "separ"),
    ]
    found = [canonical.read_chunk(split[f"index/{name}.pf_index"], name)[0] for _, _, name in listed]
    assert [entry for run in found for entry in run] == words
    assert "index/en_0000000.pf_index" not in split


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65535, 65536])
def test_array_headers_are_those_cbor_writes(length):
    assert cbor2.dumps([0] * length) == chunks.array_header(length) + bytes(length)


def test_a_chunk_under_the_target_is_left_as_pagefind_wrote_it():
    bundle = bundle_with_chunk([word("said", 2), word("sakov", 3)])
    assert chunks.split_word_chunks(bundle, target=1 << 20) == bundle


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """SEARCH_TREE built twice, to compare the two bundles."""
    from conftest import SETTINGS, write_tree  # noqa: PLC0415

    from archive_build.runner import build_site  # noqa: PLC0415

    root = tmp_path_factory.mktemp("search")
    content = write_tree(root / "content", SEARCH_TREE)
    first = build_site(SETTINGS, content=content, output=root / "first", strict=True)
    second = build_site(SETTINGS, content=content, output=root / "second", strict=True)
    return first, second


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_builds_give_the_same_bundle_byte_for_byte(search_site):
    first, second = search_site
    bundle = folder_bytes(first.output / "pagefind")
    assert bundle == folder_bytes(second.output / "pagefind")
    assert {"pagefind.js", "pagefind-entry.json"} <= set(bundle)
    assert any(name.startswith("filter/") for name in bundle)


def test_every_document_and_entity_is_indexed_once(search_site):
    first, _ = search_site
    entry = json.loads((first.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    entities = sum(1 for path in SEARCH_TREE if path.split("/")[0] in ("actors", "demands", "topics"))
    documents = sum(1 for path in SEARCH_TREE if path.split("/")[0] in ("articles", "summaries"))
    assert entry["languages"]["en"]["page_count"] == entities + documents


def test_indexing_time_is_recorded(search_site):
    first, _ = search_site
    assert first.timings["search_index"] > 0


def test_pagefinds_own_uis_are_left_out(search_site):
    first, _ = search_site
    names = {path.name for path in (first.output / "pagefind").iterdir()}
    assert not {name for name in names if name.startswith(("pagefind-ui", "pagefind-modular", "pagefind-component"))}


def test_pagefinds_errors_reach_the_request_that_caused_them_and_pagefind_stops():
    async def add_a_page_without_an_address():
        service = await indexer.ArchivePagefindService().launch()
        try:
            index = await service.create_index(indexer.IndexConfig(force_language="en"))
            with pytest.raises(RuntimeError, match="source_path or url"):
                await index.add_html_file(content="<html><body><p>Text</p></body></html>")
            assert await index.get_files(), "the service keeps answering after an error"
        finally:
            await service.close()
        return service._backend.returncode

    assert asyncio.run(add_a_page_without_an_address()) is not None


def test_a_failing_indexer_stops_the_build_with_a_sentence(build_tree, monkeypatch):
    def fail(records, output, settings):
        raise FileNotFoundError("Could not find pagefind binary")

    monkeypatch.setattr(generator, "write_search_index", fail)
    with pytest.raises(ContentError) as stopped:
        build_tree({"topics/t.md": "Title: T\nSummary: A topic.\n\nText.\n"})
    (line,) = stopped.value.lines()
    assert line.startswith("requirements.txt: error: The search index could not be built: Could not find pagefind")
    assert "pip install -r requirements.txt" in line


def test_search_page_works_without_javascript(site):
    page = site.soup("search/")
    form = page.select_one("main form[role=search]")
    assert form["method"] == "get" and form.select_one("input[name=q]")
    fallback = page.select_one("[data-search-fallback]")
    assert "needs JavaScript" in fallback.get_text()
    listed = {a.get_text() for a in fallback.select("a")}
    for folder in ("actors", "demands", "topics"):
        for path in sorted((Path(__file__).parent.parent / "content" / folder).glob("*.md")):
            header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
            if "Status: draft" in header:
                continue
            title = header.split("\n", 1)[0].removeprefix("Title: ").strip()
            assert title in listed, f"{title} is missing from the A-Z lists"


def test_every_page_has_the_header_search_box_as_a_get_form(site):
    for path in site.pages():
        form = site.soup(str(path.relative_to(site.root))).select_one("header form[role=search]")
        if path.name == "404.html":
            continue
        assert form is not None, path
        assert form["method"] == "get" and form["action"].endswith("search/"), path
        assert form.select_one("input[name=q]") is not None, path


def test_search_code_loads_only_on_the_search_page_and_never_blocks_rendering(site):
    for path in site.pages():
        relative = str(path.relative_to(site.root))
        scripts = [s.get("src", "") for s in site.soup(relative).find_all("script", src=True)]
        styles = [link["href"] for link in site.soup(relative).find_all("link", rel="stylesheet")]
        on_search_page = relative == "search/index.html"
        assert any("search.js" in src for src in scripts) == on_search_page, relative
        assert any("search.css" in href for href in styles) == on_search_page, relative
    script = site.soup("search/").find("script", src=lambda src: src and "search.js" in src)
    assert script["type"] == "module"


def test_search_page_uses_no_root_absolute_url(site):
    page = site.soup("search/")
    root = page.select_one("[data-search]")
    for value in (root["data-site-root"], root["data-bundle"]):
        assert not value.startswith("/"), value
    for tag in page.select("main [href], main [src], head [href], head [src]"):
        reference = tag.get("href") or tag.get("src")
        assert not reference.startswith("/"), reference
    script = (site.root / "theme" / "js" / "search.js").read_text(encoding="utf-8")
    assert "/pagefind/" not in script
