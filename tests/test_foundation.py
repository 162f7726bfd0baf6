"""The foundation: every content file becomes a page at its URL with its title."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive_model.header import split_header
from archive_model.model import document_type

CONTENT = Path(__file__).resolve().parent.parent / "content"
URL_PREFIX = {
    "articles": "articles",
    "summaries": "summaries",
    "actors": "actors",
    "demands": "demands",
    "topics": "topics",
    "pages": "pages",
}


def content_files():
    for path in sorted(CONTENT.rglob("*.md")):
        header = split_header(path.read_text(encoding="utf-8"))
        if header.get("status").lower() == "draft":
            continue
        folder = path.relative_to(CONTENT).parts[0]
        yield pytest.param(path, folder, header, id=str(path.relative_to(CONTENT)))


@pytest.mark.parametrize(("path", "folder", "header"), list(content_files()))
def test_every_content_file_has_a_page_with_its_title(site, path, folder, header):
    slug = header.get("slug") or path.stem
    url = f"{URL_PREFIX[folder]}/{slug}/"
    assert site.exists(url), f"{path.name} should be built at /{url}"
    h1 = site.soup(url).find("h1")
    assert h1 is not None and h1.get_text(" ", strip=True) == header.get("title")
    assert document_type(f"{folder}/x.md") is not None


@pytest.mark.parametrize("url", ["", "actors/", "demands/", "topics/", "summaries/", "articles/", "404.html"])
def test_index_pages_exist(site, url):
    assert site.exists(url)


def test_every_page_has_landmarks_and_skip_link(site):
    for page in site.pages():
        soup = site.soup(str(page.relative_to(site.root)))
        assert soup.find("main", id="main"), page
        assert soup.find("a", class_="skip-link", href="#main"), page
        assert soup.find("nav", attrs={"aria-label": "Main"}), page
        assert soup.html.get("lang") == "en", page


def test_navigation_links_every_index(site):
    nav = site.soup("").find("nav", attrs={"aria-label": "Main"})
    hrefs = {a["href"] for a in nav.find_all("a")}
    for target in ("summaries/", "articles/", "actors/", "demands/", "topics/", "pages/about/"):
        assert any(h.endswith(target) for h in hrefs), target


def test_theme_loads_nothing_from_other_hosts(site):
    for page in site.pages():
        soup = site.soup(str(page.relative_to(site.root)))
        for tag in soup.find_all(["link", "script", "img"]):
            ref = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not ref.startswith(("http://", "https://", "//")), (page, ref)


def test_document_lists_are_split_into_pages_of_fifty(build_tree):
    summary = (
        "Title: Report {n:03d}\nDate: 2022-01-{day:02d}\nSummary: Report number {n}.\n"
        "Source: The Daily\nSource-URL: https://example.org/{n}\nSource-Date: 2022-01-{day:02d}\n\nText {n}.\n"
    )
    files = {f"summaries/report-{n:03d}.md": summary.format(n=n, day=n % 28 + 1) for n in range(105)}
    output = build_tree(files, overrides={"SEARCH_INDEX": False}).output
    pages = [
        output / "summaries/index.html",
        output / "summaries/page/2/index.html",
        output / "summaries/page/3/index.html",
    ]
    assert all(page.is_file() for page in pages)
    assert not (output / "summaries/page/4/index.html").exists()
    listed = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        listed += [a.get_text() for a in soup.select(".doc-item__title a")]
        nav = soup.find("nav", attrs={"aria-label": "Pages of annotated summaries"})
        assert [a.get_text() for a in nav.find_all("a")] == ["1", "2", "3"]
        assert nav.find("a", attrs={"aria-current": "page"}) is not None
    assert sorted(listed) == sorted(f"Report {n:03d}" for n in range(105))
    assert len(listed) == 105
