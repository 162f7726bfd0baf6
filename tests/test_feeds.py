"""Atom feeds: the whole archive, one per topic and one per actor, valid,
absolute and free of build-time timestamps."""

from __future__ import annotations

import datetime
import posixpath
from types import SimpleNamespace

import feedparser
import pytest
from conftest import SETTINGS, BuiltSite, write_tree

from archive_build.runner import build_site
from archive_discovery import feeds

TREE = {
    "topics/security.md": "Title: European security\nSummary: The security order.\n\nOverview.\n",
    "topics/quiet.md": "Title: Quiet topic\nSummary: Nothing yet.\n\nOverview.\n",
    "actors/russia.md": "Title: Russia\nKind: state\n\nA state.\n",
    "actors/nato.md": "Title: NATO\nKind: organisation\n\nAn alliance.\n",
    "demands/no-enlargement.md": "Title: No further NATO enlargement\nMade-by: Russia\nTopics: European security\n\n"
    "What is asked.\n",
    "summaries/draft-treaty.md": """Title: Russia's draft treaty
Date: 2021-12-18
Modified: 2022-02-01
Summary: Russia publishes a <em>draft</em> treaty.
Topics: European security
Actors: Russia
Source: Ministry of Foreign Affairs of Russia
Source-URL: https://mid.ru/
Source-Date: 2021-12-17

The text.
""",
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
Actors: NATO

The text.
""",
    "summaries/unpublished.md": """Title: Not yet published
Date: 2022-03-01
Status: draft
Summary: A draft.
Topics: European security
Actors: Russia
Source: Somebody
Source-URL: https://example.org/
Source-Date: 2022-03-01

The text.
""",
}
PUBLISHED_AT = "https://example.org/archive"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, BuiltSite]:
    """The tree built twice for a dev preview and once with a published address."""
    root = tmp_path_factory.mktemp("feeds")
    content = write_tree(root / "content", TREE)
    published = {"SITEURL": PUBLISHED_AT, "RELATIVE_URLS": False}
    built = {}
    for name, overrides in (("dev", {}), ("again", {}), ("published", published)):
        result = build_site(SETTINGS, content=content, output=root / name, strict=True, overrides=overrides)
        built[name] = BuiltSite(result.output, result.problems)
    return built


def parse(site: BuiltSite, path: str):
    feed = feedparser.parse(site.file(path).read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10", path
    return feed


def entry_links(feed) -> list[str]:
    return [entry.link for entry in feed.entries]


def test_the_whole_archive_feed_holds_every_published_document_newest_first(builds):
    feed = parse(builds["dev"], "feeds/all.atom.xml")
    assert entry_links(feed) == [
        f"{feeds.DEV_BASE_URL}/articles/what-is-at-stake/",
        f"{feeds.DEV_BASE_URL}/summaries/nato-reply/",
        f"{feeds.DEV_BASE_URL}/summaries/draft-treaty/",
    ]
    assert feed.feed.updated == "2022-02-10T00:00:00+00:00"
    assert feed.entries[2].updated == "2022-02-01T00:00:00+00:00"  # Modified wins over Date
    assert feed.entries[2].summary == "<p>Russia publishes a <em>draft</em> treaty.</p>"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("feeds/topics/security.atom.xml", ["summaries/nato-reply/", "summaries/draft-treaty/"]),
        ("feeds/topics/quiet.atom.xml", []),
        ("feeds/actors/russia.atom.xml", ["summaries/draft-treaty/"]),
        ("feeds/actors/nato.atom.xml", ["articles/what-is-at-stake/", "summaries/nato-reply/"]),
    ],
)
def test_topic_and_actor_feeds_hold_their_documents(builds, path, expected):
    feed = parse(builds["dev"], path)
    assert entry_links(feed) == [f"{feeds.DEV_BASE_URL}/{url}" for url in expected]


def test_a_feed_without_documents_is_dated_by_the_archive_not_the_clock(builds):
    feed = parse(builds["dev"], "feeds/topics/quiet.atom.xml")
    assert feed.feed.updated == "2022-02-10T00:00:00+00:00"
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    for path in sorted(builds["dev"].root.glob("feeds/**/*.xml")):
        assert today not in path.read_text(encoding="utf-8"), path


def test_the_feeds_use_the_published_address(builds):
    feed = parse(builds["published"], "feeds/actors/nato.atom.xml")
    assert feed.feed.id == f"{PUBLISHED_AT}/feeds/actors/nato.atom.xml"
    assert feed.feed.link == f"{PUBLISHED_AT}/actors/nato/"
    assert entry_links(feed)[0] == f"{PUBLISHED_AT}/articles/what-is-at-stake/"


def test_two_builds_of_the_same_content_give_the_same_feeds_and_data(builds):
    first, second = builds["dev"], builds["again"]
    files = sorted(p.relative_to(first.root) for folder in ("feeds", "data") for p in (first.root / folder).rglob("*"))
    assert len(files) > 5
    for relative in files:
        if (first.root / relative).is_file():
            assert (first.root / relative).read_bytes() == (second.root / relative).read_bytes(), relative


def test_links_in_a_summary_become_absolute():
    html = '<p><a href="../other/">x</a> <a href="#n">y</a> <a href="https://a.org/">z</a></p>'
    assert feeds.absolute_links(html, "https://b.org/archive/summaries/s/") == (
        '<p><a href="https://b.org/archive/summaries/other/">x</a> '
        '<a href="https://b.org/archive/summaries/s/#n">y</a> <a href="https://a.org/">z</a></p>'
    )


class FeedDocument:
    def __init__(self, slug, day, topics=()):
        self.url = f"summaries/{slug}/"
        self.title = f"On {slug} & more"
        self.summary = f'<p>See <a href="../{slug}-source/">the source</a>.</p>'
        self.date = datetime.datetime(2022, 1, day)
        self.references = {"topics": [SimpleNamespace(title=title) for title in topics]}


def test_feeds_that_share_their_entries_are_the_feeds_made_alone():
    documents = [FeedDocument(f"d{day}", day, ["Security"] if day % 2 else []) for day in range(9, 0, -1)]
    specs = [
        (feeds.FeedSpec("feeds/all.atom.xml", "All", ""), documents),
        (feeds.FeedSpec("feeds/topics/security.atom.xml", "Security", "topics/security/"), documents[::2]),
        (feeds.FeedSpec("feeds/actors/nato.atom.xml", "NATO", "actors/nato/"), documents[3:5]),
    ]
    entries = feeds.FeedEntries()
    shared = [feeds.build_feed(spec, docs, "https://a.org", entries=entries) for spec, docs in specs]
    alone = [feeds.build_feed(spec, docs, "https://a.org") for spec, docs in specs]
    assert shared == alone
    assert len(entries.xml) == len(documents)
    assert [len(feedparser.parse(xml).entries) for xml in shared] == [9, 5, 2]


def test_feed_base_address_prefers_an_absolute_siteurl():
    assert feeds.base_url({"SITEURL": "https://a.org/x/", "FEED_DOMAIN": "https://b.org"}) == "https://a.org/x"
    assert feeds.base_url({"SITEURL": "", "FEED_DOMAIN": "https://b.org"}) == "https://b.org"
    assert feeds.base_url({"SITEURL": "..", "ARCHIVE_DEV_SITEURL": "http://localhost:9000/"}) == (
        "http://localhost:9000"
    )


def test_every_feed_of_the_archive_parses_and_is_linked_from_its_page(site):
    all_feed = parse(site, "feeds/all.atom.xml")
    documents = list(site.root.glob("summaries/*/index.html")) + list(site.root.glob("articles/*/index.html"))
    assert len(all_feed.entries) == len(documents)
    for kind in ("topics", "actors"):
        for page in sorted(site.root.glob(f"{kind}/*/index.html")):
            url = page.relative_to(site.root).as_posix()
            hrefs = [link["href"] for link in site.soup(url).select('head link[rel=alternate][type*="atom"]')]
            targets = [posixpath.normpath(posixpath.join(posixpath.dirname(url), href)) for href in hrefs]
            assert targets == ["feeds/all.atom.xml", f"feeds/{kind}/{page.parent.name}.atom.xml"], url
            parse(site, targets[1])
