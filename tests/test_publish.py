"""Publishing: JSON-LD, sitemap.xml, robots.txt, .nojekyll, canonical and Open
Graph tags, and the 404 page at any depth."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from archive_publish import jsonld
from archive_publish.site_files import page_path, robots_txt, sitemap_xml
from archive_quality.links import page_urls

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def ld_json(soup: BeautifulSoup) -> dict | None:
    script = soup.find("script", type="application/ld+json")
    return json.loads(script.string) if script else None


# -- the pure modules ---------------------------------------------------------


def test_script_json_cannot_end_the_script_element():
    data = {"name": "</script><script>alert(1)</script> <!-- & \u2028"}
    text = jsonld.script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_script_json_is_deterministic():
    assert jsonld.script_json({"b": 1, "a": [2]}) == '{"a":[2],"b":1}'


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("person", "Person"),
        ("organisation", "Organization"),
        ("state", "GovernmentOrganization"),
        ("media", "NewsMediaOrganization"),
    ],
)
def test_actor_type_follows_its_kind(kind, schema_type):
    data = jsonld.actor(kind=kind, name="X", url="https://e.org/actors/x/", wikidata="Q42", role="Minister")
    assert data["@type"] == schema_type
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q42"]
    assert ("jobTitle" in data) == (schema_type == "Person")


def test_actor_without_wikidata_has_no_same_as():
    assert "sameAs" not in jsonld.actor(kind="person", name="X", url="u")


def test_summary_is_based_on_its_source():
    source = jsonld.source_work(name="TASS", url="https://tass.com/x", date="2022-01-12", authors=["Staff"])
    data = jsonld.document(
        doc_type="summary", title="T", url="u", description="d", published="2022-01-13", source=source
    )
    assert data["@type"] == "Article"
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "TASS",
        "url": "https://tass.com/x",
        "datePublished": "2022-01-12",
        "author": ["Staff"],
    }
    explainer = jsonld.document(doc_type="article", title="T" * 200, url="u", description="d", published="p")
    assert explainer["@type"] == "NewsArticle" and len(explainer["headline"]) <= jsonld.HEADLINE_LIMIT


def test_sitemap_lists_pages_sorted_without_404_and_drafts():
    pages = {"topics/x/index.html": "", "index.html": "2022-01-02", "404.html": "", "drafts/d/index.html": ""}
    root = ET.fromstring(sitemap_xml("https://o.github.io/r", pages))
    entries = [(u.find("s:loc", SITEMAP_NS).text, u.find("s:lastmod", SITEMAP_NS)) for u in root]
    assert [loc for loc, _ in entries] == ["https://o.github.io/r/", "https://o.github.io/r/topics/x/"]
    assert entries[0][1].text == "2022-01-02" and entries[1][1] is None


def test_robots_names_the_sitemap():
    assert "Sitemap: https://o.github.io/r/sitemap.xml" in robots_txt("https://o.github.io/r/sitemap.xml")
    assert "Sitemap" not in robots_txt()


def test_page_path():
    assert page_path("index.html") == "" and page_path("a/b/index.html") == "a/b/" and page_path("x.html") == "x.html"


# -- the published build --------------------------------------------------------


def test_published_site_has_its_github_pages_files(published):
    assert (published.root / ".nojekyll").is_file()
    assert (published.root / "404.html").is_file()
    robots = (published.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {published.base_url}sitemap.xml" in robots


def test_sitemap_lists_every_page(published):
    root = ET.parse(published.root / "sitemap.xml").getroot()
    listed = {url.find("s:loc", SITEMAP_NS).text for url in root}
    assert listed == set(page_urls(published.root, published.base_url))


def test_every_page_has_canonical_open_graph_and_twitter_tags(published):
    for url, relative in page_urls(published.root, published.base_url).items():
        soup = published.soup(relative)
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == url, relative
        assert soup.find("meta", property="og:url")["content"] == url, relative
        for name in ("og:title", "og:description", "og:type", "og:site_name"):
            assert soup.find("meta", property=name)["content"].strip(), (relative, name)
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary", relative
        assert soup.find("meta", attrs={"name": "twitter:title"})["content"].strip(), relative


def test_404_page_has_no_canonical_and_absolute_links(published):
    soup = published.soup("404.html")
    assert soup.find("link", rel="canonical") is None
    for tag in soup.find_all(["a", "link"], href=True):
        if not tag["href"].startswith("#"):
            assert tag["href"].startswith(published.base_url), tag


def test_documents_and_actors_carry_json_ld(published):
    seen = set()
    for relative in page_urls(published.root, published.base_url).values():
        data = ld_json(published.soup(relative))
        top = relative.split("/", 1)[0]
        if top == "summaries" and relative != "summaries/index.html":
            assert data["@type"] == "Article" and data["isBasedOn"]["url"].startswith("http"), relative
            seen.add("summary")
        elif top == "articles" and relative != "articles/index.html":
            assert data["@type"] == "NewsArticle" and data["datePublished"], relative
            seen.add("article")
        elif top == "actors" and relative != "actors/index.html":
            assert data["@type"] in jsonld.ACTOR_TYPES.values(), relative
            assert data["url"] == published.base_url + page_path(relative)
            seen.add("actor")
    assert {"summary", "actor"} <= seen


def test_home_page_describes_the_site_and_its_search(published):
    data = ld_json(published.soup(""))
    assert data["@type"] == "WebSite" and data["url"] == published.base_url
    target = data["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{published.base_url}search/?q={{search_term_string}}"
    assert published.exists("search/")


def test_actor_with_wikidata_links_it(published):
    actors = sorted((published.root / "actors").glob("*/index.html"))
    with_wikidata = [p for p in actors if "wikidata.org/wiki/Q" in p.read_text(encoding="utf-8")]
    assert with_wikidata, "the archive should have an actor with a Wikidata item"
    data = ld_json(BeautifulSoup(with_wikidata[0].read_text(encoding="utf-8"), "html.parser"))
    assert data["sameAs"][0].startswith("https://www.wikidata.org/wiki/Q")


def test_markup_in_a_title_cannot_break_out_of_json_ld(build_tree):
    hostile = "Evil </script><script>alert(1)</script> Press"
    result = build_tree(
        {
            "actors/evil-press.md": f"Title: {hostile}\nKind: media\nWikidata: Q1\n\nA newspaper.\n",
        },
        overrides={"SITEURL": "https://example.org/r", "RELATIVE_URLS": False, "ARCHIVE_CANONICAL_URLS": True},
    )
    soup = BeautifulSoup((result.output / "actors/evil-press/index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all("script")) == 1
    data = ld_json(soup)
    assert data["name"] == hostile and data["@type"] == "NewsMediaOrganization"
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q1"]
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/r/actors/evil-press/"


def test_dev_build_404_links_start_at_the_root(site):
    soup = site.soup("404.html")
    hrefs = [tag["href"] for tag in soup.find_all(["a", "link"], href=True)]
    assert hrefs and all(h.startswith(("/", "#", "http")) for h in hrefs), hrefs


def test_a_summary_names_the_actors_who_wrote_its_source(build_tree):
    result = build_tree(
        {
            "actors/alex-example.md": "Title: Alex Example\nKind: person\nWikidata: Q999999999\n\nA spokesperson.\n",
            "summaries/press-conference.md": (
                "Title: Press conference\nDate: 2022-01-12\nSummary: What was said.\nSource: Example Agency\n"
                "Source-URL: https://example.com/x\nSource-Date: 2022-01-12\n"
                "Source-Author: Alex Example, A. Reporter\n\nThe text.\n"
            ),
        },
        strict=False,
        overrides={"SITEURL": "https://example.org/r", "RELATIVE_URLS": False},
    )
    html = (result.output / "summaries/press-conference/index.html").read_text(encoding="utf-8")
    source = ld_json(BeautifulSoup(html, "html.parser"))["isBasedOn"]
    assert source["url"] == "https://example.com/x" and source["datePublished"] == "2022-01-12"
    assert source["author"] == [
        {
            "@type": "Person",
            "name": "Alex Example",
            "url": "https://example.org/r/actors/alex-example/",
            "sameAs": ["https://www.wikidata.org/wiki/Q999999999"],
        },
        "A. Reporter",
    ]
