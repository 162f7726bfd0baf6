"""Open data: /data/archive.json validates against /data/archive.schema.json
and says what the pages say."""

from __future__ import annotations

import copy
import json
import posixpath

import jsonschema
import pytest
from conftest import SETTINGS, BuiltSite, write_tree

from archive_build.runner import build_site
from archive_discovery import open_data

TREE = {
    "topics/security.md": "Title: European security\nAliases: Security in Europe\nSummary: The *security* order.\n\n"
    "Overview.\n",
    "actors/russia.md": "Title: Russia\nKind: state\nAliases: Russian Federation\nWikidata: Q159\n\nA state.\n",
    "actors/nato.md": "Title: NATO\nKind: organisation\n\nAn alliance.\n",
    "demands/no-enlargement.md": "Title: No further NATO enlargement\nMade-by: Russia\nAddressed-to: NATO\n"
    "Topics: European security\n\nWhat is asked.\n",
    "summaries/nato-reply.md": """Title: NATO's reply
Date: 2022-01-27
Summary: NATO answers.
Demands: No further NATO enlargement
Source: NATO
Source-URL: https://www.nato.int/
Source-Date: 2022-01-26
Positions:
    NATO | rejects | No further NATO enlargement

The text.
""",
    "articles/what-is-at-stake.md": """Title: What is at stake
Date: 2022-02-10
Summary: An explainer.
Topics: European security
Actors: NATO, Russia

The text.
""",
    "summaries/unpublished.md": """Title: Not yet published
Date: 2022-03-01
Status: draft
Summary: A draft.
Source: Somebody
Source-URL: https://example.org/
Source-Date: 2022-03-01
Positions:
    Russia | demands | No further NATO enlargement

The text.
""",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(open_data.schema_text())


def validate(data: dict, schema: dict) -> None:
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("open-data")
    content = write_tree(root / "content", TREE)
    overrides = {"SITEURL": "https://example.org/archive", "RELATIVE_URLS": False}
    result = build_site(SETTINGS, content=content, output=root / "output", strict=True, overrides=overrides)
    return BuiltSite(result.output, result.problems)


def load(site: BuiltSite) -> dict:
    return json.loads(site.html("data/archive.json"))


def test_the_schema_is_valid_and_copied_beside_the_data(site, schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert site.html("data/archive.schema.json") == open_data.schema_text()


def test_the_schema_refuses_what_the_archive_never_writes(site, schema):
    data = load(site)
    validate(data, schema)
    broken = copy.deepcopy(data)
    broken["positions"].append({"actor": "x", "stance": "maybe", "demand": "y", "date": "2022-01-01", "document": "d"})
    with pytest.raises(jsonschema.ValidationError):
        validate(broken, schema)
    broken = copy.deepcopy(data)
    broken["surprise"] = True
    with pytest.raises(jsonschema.ValidationError):
        validate(broken, schema)


def test_the_data_has_sorted_keys_and_one_form(site):
    text = site.html("data/archive.json")
    assert text == open_data.to_json(json.loads(text))


def test_the_data_agrees_with_the_pages(site):
    data = load(site)
    for kind in ("actors", "demands", "topics"):
        for entity in data[kind]:
            assert site.exists(entity["url"]), entity["url"]
            assert site.soup(entity["url"]).h1.get_text(" ", strip=True) == entity["title"]
    slugs = {kind: {e["slug"] for e in data[kind]} for kind in ("actors", "demands", "topics")}
    ids = {document["id"] for document in data["documents"]}
    for document in data["documents"]:
        assert site.soup(document["url"]).h1.get_text(" ", strip=True) == document["title"]
        for kind, named in document["references"].items():
            assert set(named) <= slugs[kind], (document["id"], kind)
    for position in data["positions"]:
        assert position["document"] in ids and position["actor"] in slugs["actors"]
    years = [a["href"] for a in site.soup("timeline/").select(".timeline-years a")]
    pages = [site.soup(posixpath.normpath(posixpath.join("timeline", href)) + "/") for href in years]
    assert sum(len(page.select(".timeline__entry--position")) for page in pages) == len(data["positions"])
    assert sum(len(page.select(".timeline__entry--document")) for page in pages) == len(data["documents"])


def test_the_data_of_a_small_archive_says_exactly_what_its_files_say(published, schema):
    data = load(published)
    validate(data, schema)
    base = "https://example.org/archive"
    assert data["site"] == {"name": "Security Guarantees Archive", "url": base}
    assert [d["id"] for d in data["documents"]] == ["articles/what-is-at-stake", "summaries/nato-reply"]
    reply = data["documents"][1]
    assert reply == {
        "date": "2022-01-27",
        "day": "2022-01-26",
        "id": "summaries/nato-reply",
        "references": {"actors": [], "demands": ["no-enlargement"], "topics": []},
        "slug": "nato-reply",
        "source": "NATO",
        "source_date": "2022-01-26",
        "source_url": "https://www.nato.int/",
        "summary": "NATO answers.",
        "title": "NATO's reply",
        "type": "summary",
        "url": f"{base}/summaries/nato-reply/",
    }
    assert data["documents"][0]["references"]["actors"] == ["nato", "russia"]
    assert data["positions"] == [
        {
            "actor": "nato",
            "date": "2022-01-26",
            "demand": "no-enlargement",
            "document": "summaries/nato-reply",
            "stance": "rejects",
        }
    ]
    demand = data["demands"][0]
    assert (demand["made_by"], demand["addressed_to"], demand["topics"], demand["outcome"]) == (
        ["russia"],
        ["nato"],
        ["security"],
        "open",
    )
    russia = next(a for a in data["actors"] if a["slug"] == "russia")
    assert (russia["aliases"], russia["wikidata"], russia["kind"], russia["summary"]) == (
        ["Russian Federation"],
        "Q159",
        "state",
        None,
    )
    topic = data["topics"][0]
    assert (topic["aliases"], topic["summary"], topic["url"]) == (
        ["Security in Europe"],
        "The security order.",
        f"{base}/topics/security/",
    )
    assert "Not yet published" not in published.html("data/archive.json")
