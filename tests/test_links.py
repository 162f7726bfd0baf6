"""The link gate: the published site, served under a sub-path, crawled from its
home page; and the development build served at the root."""

from __future__ import annotations

from conftest import write_tree

from archive_quality.links import MISSING_PAGE, check_links
from archive_quality.server import SiteServer

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>t</title>{head}</head>'
    '<body><main id="main">{body}</main></body></html>'
)


def test_published_site_has_no_broken_or_unreachable_links(published):
    problems = check_links(published.root, published.base_url)
    assert problems == [], "\n".join(problems)


def test_development_site_links_work_at_the_root_and_its_404_at_depth(site):
    with SiteServer(site.root) as server:
        problems = check_links(site.root, server.base_url)
    assert problems == [], "\n".join(problems)


def test_the_crawler_finds_each_kind_of_fault(tmp_path):
    root = write_tree(
        tmp_path / "site",
        {
            "index.html": PAGE.format(
                head='<link rel="stylesheet" href="missing.css"><link rel="alternate" href="feed.xml">',
                body='<a href="a/">a</a> <a href="a/#nowhere">frag</a> <img src="gone.png" alt="x">',
            ),
            "a/index.html": PAGE.format(head="", body='<p id="here">a</p><a href="../#main">home</a>'),
            "orphan/index.html": PAGE.format(head="", body="<p>nobody links here</p>"),
            "404.html": PAGE.format(head="", body='<a href="broken-from-404/">x</a>'),
            "feed.xml": '<feed xmlns="http://www.w3.org/2005/Atom"><link href="gone-from-feed/"/></feed>',
        },
    )
    with SiteServer(root, "/sub/") as server:
        problems = "\n".join(check_links(root, server.base_url))
    assert "missing.css answers 404" in problems
    assert "gone.png answers 404" in problems
    assert "has no id 'nowhere'" in problems
    assert "orphan/index.html is not reachable" in problems
    assert f"{MISSING_PAGE}broken-from-404/ answers 404" in problems
    assert "gone-from-feed/ answers 404 (linked from <link href='gone-from-feed/'> in the feed" in problems
    assert "'here'" not in problems and "#main" not in problems
