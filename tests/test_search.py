"""Search: what is indexed, the search page without a browser, a stable bundle.

The browser tests (typing queries, facets, links) are in test_search_browser.py.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import cbor2
import pytest
from bs4 import BeautifulSoup

from archive_model.problems import ContentError
from archive_search import bundle as pagefind
from archive_search import chunks, generator, indexer, merge
from archive_search.records import SearchRecord, document_record, entity_record, name_key

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


def record(save_as: str, title: str, text: str, **meta: str) -> SearchRecord:
    """A search record as records.py writes them: text, a type filter, meta."""
    tags = "".join(f'<span data-pagefind-meta="{key}">{value}</span>' for key, value in sorted(meta.items()))
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p>"
        f'<div data-pagefind-ignore="index"><span data-pagefind-filter="type">{meta.get("type", "Topic")}</span>'
        f"{tags}</div></main></body></html>"
    )
    return SearchRecord(save_as, html)


# Accented words in several parts (Pagefind lists them as variants of the plain
# word), entities without the documents' date fields, a word in every record.
RECORDS = [
    record("actors/a/index.html", "Zürich office", "The café in Zürich and the résumé.", type="Actor"),
    record("actors/b/index.html", "Cafe owners", "The cafe owners of Zurich.", type="Actor"),
    record(
        "articles/c/index.html", "Café talks", "Talks at the café, naïve talks.", type="Explainer", date="1 May 2022"
    ),
    record("summaries/d/index.html", "Treaty", "The treaty, the talks, the treaty again.", type="Annotated summary"),
    record("topics/e/index.html", "Résumé of talks", "Every résumé of the talks.", type="Topic"),
]


def decoded(bundle: dict[str, bytes]) -> dict:
    """What a bundle says, page numbers replaced by URLs and meta fields by name:
    pages, every word's locations per page (and its variants'), every filter."""
    entry = json.loads(bundle["pagefind-entry.json"])["languages"]["en"]
    meta = pagefind.read_chunk(bundle[f"pagefind.{entry['hash']}.pf_meta"], "meta")
    urls = [pagefind.fragment_url(bundle[f"fragment/{name}.pf_fragment"]) for name, _ in meta[1]]
    fields = meta[pagefind.META_FIELDS]

    def by_url(pages):
        found, page = {}, 0
        for delta, locations, meta_locations in pages:
            page += delta
            found[urls[page]] = (locations, [fields[-v - 1] if v < 0 else v for v in meta_locations])
        return found

    words = {}
    for _, _, name in meta[pagefind.META_CHUNKS]:
        for word, pages, variants in pagefind.read_chunk(bundle[f"index/{name}.pf_index"], name)[0]:
            words[word] = (by_url(pages), {variant: by_url(found) for variant, found in variants})
    filters = {}
    for name, file_name in meta[pagefind.META_FILTERS]:
        _, values = pagefind.read_chunk(bundle[f"filter/{file_name}.pf_filter"], name)
        filters[name] = {value: sorted(urls[page] for page in pages) for value, pages in values}
    pages = {url: word_count for url, (_, word_count) in zip(urls, meta[1], strict=True)}
    return {"pages": pages, "words": words, "filters": filters, "count": entry["page_count"]}


def one_pagefind_run(records) -> dict[str, bytes]:
    """The bundle Pagefind itself writes for these records, in one run."""
    return indexer._run(indexer._index_part(records, "en", asyncio.Semaphore(1)))


def bundle_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def merged(records, tmp_path, name, **settings) -> dict[str, bytes]:
    indexer.write_bundle(records, tmp_path / name, indexer.IndexSettings(**settings))
    return bundle_of(tmp_path / name / "pagefind")


def test_merged_parts_say_what_one_pagefind_run_says(tmp_path):
    alone = decoded(one_pagefind_run(RECORDS))
    assert any(variants for _, variants in alone["words"].values()), "the records should have accented variants"
    in_parts = decoded(merged(RECORDS, tmp_path, "parts", part_chars=1, workers=2))
    assert in_parts == alone
    assert in_parts["filters"]["type"]["Actor"] == ["/actors/a/", "/actors/b/"]


def test_the_bundle_is_the_same_byte_for_byte_whatever_the_size_of_the_parts(tmp_path):
    whole = merged(RECORDS, tmp_path, "whole")
    assert merged(RECORDS, tmp_path, "parts", part_chars=1, workers=2) == whole
    assert merged(RECORDS, tmp_path, "pairs", part_chars=900, workers=1) == whole


def test_pages_pagefind_numbered_in_another_order_are_renumbered(tmp_path):
    files = one_pagefind_run(RECORDS)
    urls = [pagefind.page_url(r.save_as) for r in RECORDS]
    merge.merge_bundles([files], urls[::-1], tmp_path / "reversed")
    reordered = bundle_of(tmp_path / "reversed")
    entry = json.loads(reordered["pagefind-entry.json"])["languages"]["en"]
    meta = pagefind.read_chunk(reordered[f"pagefind.{entry['hash']}.pf_meta"], "meta")
    assert [pagefind.fragment_url(reordered[f"fragment/{name}.pf_fragment"]) for name, _ in meta[1]] == urls[::-1]
    assert decoded(reordered) == decoded(files)


def test_a_part_that_cannot_be_merged_stops_the_indexing_with_its_reason(tmp_path):
    urls = [pagefind.page_url(r.save_as) for r in RECORDS[:-1]]
    parts = indexer.record_parts(RECORDS, 1)
    with merge.Merger(urls, tmp_path / "bundle") as merger, pytest.raises(ValueError, match="not a search record"):
        indexer._run(indexer._index_parts(parts, "en", 2, merger))


def test_an_archive_with_nothing_to_index_gets_pagefinds_code_and_an_empty_index(tmp_path):
    files = merged([], tmp_path, "empty")
    assert {"pagefind.js", "pagefind-entry.json"} <= set(files)
    assert json.loads(files["pagefind-entry.json"])["languages"] == {}


def test_records_are_split_into_runs_of_bounded_size():
    parts = list(indexer.record_parts(RECORDS, 2 * len(RECORDS[0].html)))
    assert [record for part in parts for record in part] == RECORDS
    assert all(sum(len(r.html) for r in part) <= 2 * len(RECORDS[0].html) for part in parts if len(part) > 1)
    assert len(parts) > 1
    assert list(indexer.record_parts(RECORDS, 1)) == [[r] for r in RECORDS]
    assert list(indexer.record_parts([], 1)) == [[]]


def test_pages_are_numbered_in_the_order_of_the_records(tmp_path):
    bundle = merged(RECORDS, tmp_path, "parts", part_chars=1)
    entry = json.loads(bundle["pagefind-entry.json"])["languages"]["en"]
    meta = pagefind.read_chunk(bundle[f"pagefind.{entry['hash']}.pf_meta"], "meta")
    urls = [pagefind.fragment_url(bundle[f"fragment/{name}.pf_fragment"]) for name, _ in meta[1]]
    assert urls == [pagefind.page_url(r.save_as) for r in RECORDS]


def test_a_heavy_word_gets_a_chunk_of_its_own_and_every_word_stays_findable(tmp_path):
    whole = merged(RECORDS, tmp_path, "whole")
    small = merged(RECORDS, tmp_path, "small", chunk_target=40)
    entry = json.loads(small["pagefind-entry.json"])["languages"]["en"]
    listed = pagefind.read_chunk(small[f"pagefind.{entry['hash']}.pf_meta"], "meta")[pagefind.META_CHUNKS]
    chunks_of_the = [pagefind.read_chunk(small[f"index/{name}.pf_index"], name)[0] for _, _, name in listed]
    assert any([word[0] for word in chunk] == ["the"] for chunk in chunks_of_the)
    assert len(listed) > 1
    assert decoded(small) == decoded(whole)


@pytest.mark.parametrize(
    ("last", "first", "bounds"),
    [
        ("apple", "apricot", ("app", "apr")),
        ("cataraman", "yacht", ("c", "y")),
        ("cath", "cathartic", ("cath", "catha")),
    ],
)
def test_chunk_bounds_are_cut_as_pagefind_cuts_them(last, first, bounds):
    assert chunks.shortest_bounds(last, first) == bounds


def test_runs_of_words_stay_under_the_target_unless_one_word_is_heavier():
    words = [("a", b"x" * 10), ("b", b"x" * 10), ("c", b"x" * 50), ("d", b"x" * 5), ("e", b"x" * 5)]
    assert [[word for word, _ in run] for run in chunks.word_runs(words, 20)] == [["a", "b"], ["c"], ["d", "e"]]


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65535, 65536])
def test_array_headers_are_those_cbor_writes(length):
    assert cbor2.dumps([0] * length) == chunks.array_header(length) + bytes(length)
    assert chunks.read_array_header(io.BytesIO(cbor2.dumps([0] * length))) == length


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """SEARCH_TREE built twice, and once more with every record indexed in a part of its own."""
    from conftest import SETTINGS, write_tree  # noqa: PLC0415

    from archive_build.runner import build_site  # noqa: PLC0415

    root = tmp_path_factory.mktemp("search")
    content = write_tree(root / "content", SEARCH_TREE)
    first = build_site(SETTINGS, content=content, output=root / "first", strict=True)
    second = build_site(SETTINGS, content=content, output=root / "second", strict=True)
    overrides = {"SEARCH_PART_CHARS": 1, "ARCHIVE_WORKERS": 2}
    parts = build_site(SETTINGS, content=content, output=root / "parts", strict=True, overrides=overrides)
    return first, second, parts


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_builds_give_the_same_bundle_byte_for_byte(search_site):
    first, second, _ = search_site
    bundle = folder_bytes(first.output / "pagefind")
    assert bundle == folder_bytes(second.output / "pagefind")
    assert {"pagefind.js", "pagefind-entry.json"} <= set(bundle)
    assert any(name.startswith("filter/") for name in bundle)


def test_a_build_indexed_in_parts_gives_the_same_bundle(search_site):
    first, _, parts = search_site
    assert folder_bytes(parts.output / "pagefind") == folder_bytes(first.output / "pagefind")


def test_every_document_and_entity_is_indexed_once(search_site):
    first, _, _ = search_site
    entry = json.loads((first.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    entities = sum(1 for path in SEARCH_TREE if path.split("/")[0] in ("actors", "demands", "topics"))
    documents = sum(1 for path in SEARCH_TREE if path.split("/")[0] in ("articles", "summaries"))
    assert entry["languages"]["en"]["page_count"] == entities + documents


def test_indexing_time_is_recorded(search_site):
    first, _, _ = search_site
    assert first.timings["search_index"] > 0


def test_pagefinds_own_uis_are_left_out(search_site):
    first, _, _ = search_site
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
