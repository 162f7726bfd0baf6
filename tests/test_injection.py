"""No injection: hostile metadata comes out as text in every output the site
publishes (pages, attributes, JSON-LD, feeds, open data, search index), and
link fields refuse what is not an http(s) address.

One published build (publishconf: canonical links, JSON-LD, feeds with the
site's domain) of the small valid archive plus an actor and a summary whose
every metadata field carries markup."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive_build.runner import build_site
from archive_build.serve import make_server
from archive_model.header import split_header
from archive_model.model import read_fields
from archive_quality.accessibility import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_SETTINGS = ROOT / "publishconf.py"
BASE = Path(__file__).resolve().parent / "bad_input" / "base"
SITEURL = "https://example.org/archive"

ACTOR_TITLE = '<script>alert("title")</script> & "Sons" O\'Brien'
ALIAS_MARKUP = "\"><img src=x onerror=alert('alias')>"
ALIAS_QUOTES = 'Smith & Wesson "Ltd"'
ROLE = "</script><script>alert('role')</script>"
DOC_TITLE = "\"><img src=x onerror=alert('doc')> </script><script>alert('jsonld')</script> & Co"
SOURCE = "</title><script>alert('source')</script> \"Gazette\" & Co"
SOURCE_URL = "https://example.org/report?a=1&b='x'"
AUTHOR = "<b onclick=alert('author')>Author</b>"
LANGUAGE = "\"><svg onload=alert('lang')>"

HOSTILE_FILES = {
    "actors/hostile.md": f"""Title: {ACTOR_TITLE}
Kind: organisation
Aliases: {ALIAS_MARKUP}, {ALIAS_QUOTES}
Role: {ROLE}
Affiliation: Russia

A profile.
""",
    "summaries/hostile.md": f"""Title: {DOC_TITLE}
Date: 2022-01-16
Summary: A summary of a hostile source.
Source: {SOURCE}
Source-URL: {SOURCE_URL}
Source-Date: 2022-01-16
Source-Author: {AUTHOR}
Source-Language: {LANGUAGE}
Actors: {ALIAS_QUOTES}, Russia
Topics: European security
Positions: {ALIAS_QUOTES} | demands | No enlargement

The hostile actor spoke.
""",
}
URL_SCHEMES_REFUSED = ("javascript:", "vbscript:", "data:", "file:")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(BASE, content)
    for relative, text in HOSTILE_FILES.items():
        (content / relative).write_text(text, encoding="utf-8")
    overrides = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}
    result = build_site(PUBLISH_SETTINGS, content=content, output=root / "output", strict=True, overrides=overrides)
    assert result.warnings() == []
    return result.output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.html") if "pagefind" not in path.parts)


def test_no_page_gains_an_element_a_handler_or_a_script(hostile):
    for page in pages(hostile):
        document = soup(page)
        for tag in document.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{page}: <{tag.name}> has {handlers}"
            assert tag.get("src") != "x", f"{page}: an <{tag.name} src=x> was injected"
            assert tag.name != "b", f"{page}: a <b> from metadata was injected"
        for script in document.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)
            else:
                assert "alert(" not in (script.string or ""), f"{page}: injected script {script}"


def test_no_link_leads_to_a_script_or_data(hostile):
    for page in pages(hostile):
        for tag in soup(page).find_all(True):
            for attribute in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                value = (tag.get(attribute) or "").strip().lower()
                assert not value.startswith(URL_SCHEMES_REFUSED), f"{page}: {tag.name} {attribute}={value}"


def test_actor_page_shows_every_hostile_field_as_text(hostile):
    page = soup(hostile / "actors" / "hostile" / "index.html")
    assert page.h1.get_text() == ACTOR_TITLE
    text = page.get_text(" ")
    for value in (ALIAS_MARKUP, ALIAS_QUOTES, ROLE):
        assert value in text


def test_summary_page_shows_title_and_source_box_as_text(hostile):
    page = soup(hostile / "summaries" / "hostile" / "index.html")
    assert page.h1.get_text() == DOC_TITLE
    box = page.find(class_="source-box")
    box_text = box.get_text(" ")
    for value in (SOURCE, AUTHOR, LANGUAGE):
        assert value in box_text
    assert box.find("a", class_="source-box__link")["href"] == SOURCE_URL
    assert page.title.get_text().startswith(f"{DOC_TITLE} · "), "the <title> shows the whole title as text"
    actor = soup(hostile / "actors" / "hostile" / "index.html")
    assert actor.title.get_text().startswith(f"{ACTOR_TITLE} · ")
    for prop in ("og:title", "twitter:title"):
        meta = page.find("meta", attrs={"property": prop}) or page.find("meta", attrs={"name": prop})
        if meta is not None:
            assert meta["content"] == DOC_TITLE


def test_json_ld_cannot_end_its_script_and_keeps_the_values(hostile):
    found = []
    for page in pages(hostile):
        raw = page.read_text(encoding="utf-8")
        for script in soup(page).find_all("script", type="application/ld+json"):
            assert "</" not in script.string, f"{page}: '</' inside JSON-LD"
            found.append(json.loads(script.string))
        assert raw.lower().count("<script") == raw.lower().count("</script>")
    assert found, "the published build writes JSON-LD"
    values = json.dumps(found, ensure_ascii=False)
    for value in (DOC_TITLE, SOURCE, AUTHOR, LANGUAGE, ACTOR_TITLE):
        assert json.dumps(value, ensure_ascii=False)[1:-1] in values, value


def atom_text(element) -> str:
    """The text of an Atom text construct, as a feed reader shows it."""
    if element.get("type") in ("html", "xhtml"):
        return BeautifulSoup(element.text or "", "html.parser").get_text()
    return element.text or ""


def test_feeds_are_well_formed_and_carry_titles_as_text(hostile):
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted((hostile / "feeds").rglob("*.xml"))
    assert feeds, "the build writes feeds"
    titles = []
    for feed in feeds:
        tree = ET.parse(feed)
        for entry in tree.getroot().iter(f"{atom}entry"):
            title = entry.find(f"{atom}title")
            assert len(title) == 0, f"{feed}: markup inside an entry title"
            titles.append(atom_text(title))
            summary = entry.find(f"{atom}summary")
            if summary is not None and summary.get("type") == "html":
                inner = BeautifulSoup(summary.text or "", "html.parser")
                assert not inner.find_all(["script", "img", "svg", "iframe"]), feed
    assert DOC_TITLE in titles
    actor_feed = ET.parse(hostile / "feeds" / "actors" / "hostile.atom.xml").getroot()
    assert atom_text(actor_feed.find(f"{atom}title")).startswith(ACTOR_TITLE)


def test_open_data_keeps_the_values_exactly(hostile):
    data = json.loads((hostile / "data" / "archive.json").read_text(encoding="utf-8"))
    actor = next(actor for actor in data["actors"] if actor["slug"] == "hostile")
    assert actor["title"] == ACTOR_TITLE
    assert actor["aliases"] == [ALIAS_MARKUP, ALIAS_QUOTES]
    assert actor["role"] == ROLE
    document = next(doc for doc in data["documents"] if doc["url"].endswith("/summaries/hostile/"))
    assert document["title"] == DOC_TITLE


def search_fragments(root: Path) -> list[dict]:
    fragments = []
    for path in sorted((root / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragments.append(json.loads(raw[len(b"pagefind_dcd") :]))
    return fragments


def test_search_index_holds_the_values_as_plain_data(hostile):
    fragments = {fragment["url"]: fragment for fragment in search_fragments(hostile)}
    summary = next(fragment for url, fragment in fragments.items() if url.endswith("/summaries/hostile/"))
    actor = next(fragment for url, fragment in fragments.items() if url.endswith("/actors/hostile/"))
    assert summary["meta"]["title"] == DOC_TITLE
    assert actor["meta"]["title"] == ACTOR_TITLE
    assert ACTOR_TITLE in actor["filters"]["actor"]


def test_search_page_copies_results_as_text():
    """The search page builds results from Pagefind's data with textContent;
    the one innerHTML goes into an inert <template> whose text alone is copied."""
    script = (ROOT / "themes" / "explainer" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    assignments = [line.strip() for line in script.splitlines() if "innerHTML" in line or "outerHTML" in line]
    assert assignments == ["template.innerHTML = excerpt;"]
    assert "insertAdjacentHTML" not in script and "document.write" not in script


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//example.org/protocol-relative",
        'https://example.org/a"onmouseover="alert(1)',
        "https://example.org/<script>",
    ],
)
def test_link_fields_refuse_anything_but_a_web_address(url):
    header = split_header(
        f"Title: T\nDate: 2022-01-01\nSummary: S\nSource: S\nSource-URL: {url}\nSource-Date: 2022-01-01\n\nText.\n"
    )
    metadata, problems = read_fields("summaries/t.md", "summary", header)
    assert "source_url" not in metadata
    assert [(p.line, p.severity) for p in problems] == [(5, "error")]


# --- import-source: a hostile page becomes a draft that builds without markup ---

HOSTILE_PAGE = """<html><head><title>Talks &lt;script&gt;alert('title')&lt;/script&gt; - Evil Gazette</title>
<meta property="og:site_name" content="Evil &lt;b onclick=alert('site')&gt;Gazette"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Talks</h1>
<p>Russia and NATO met in Brussels on Wednesday. &lt;img src=x onerror=alert('para')&gt; was written in the text.</p>
<p onclick="alert('handler')">A paragraph with a handler <script>alert('inline')</script> and an
<iframe src="https://evil.example/frame"></iframe> inside it, long enough to be kept as a paragraph.</p>
<p><a href="javascript:alert('link')">A script link</a> in the middle of enough text to count as the body,
with *stars* and [brackets](javascript:alert('md')).</p>
</article></body></html>"""


def test_an_imported_hostile_page_builds_to_a_draft_without_markup(tmp_path):
    import datetime

    from archive_import import import_source

    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    (tmp_path / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    draft = import_source(tmp_path / "hostile.html", content, datetime.date(2022, 1, 20))
    result = build_site(ROOT / "pelicanconf.py", content=content, output=tmp_path / "output", strict=False)
    assert all(": warning: " in line for line in result.warnings()), result.warnings()
    page = soup(result.output / "drafts" / draft.stem / "index.html")
    body = page.find("main")
    assert not body.find_all(["script", "iframe", "img", "b"])
    for tag in page.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        assert not (tag.get("href") or "").strip().lower().startswith(URL_SCHEMES_REFUSED), tag
    assert "<img src=x onerror=alert(" in body.get_text(), "text that looks like markup stays text"


# --- in a real browser: the search page shows hostile results as text --------

CHROMIUM = "/usr/bin/chromium"
INSTALL = "apt-get install chromium && python3 -m pip install -r requirements-dev.txt"


def sync_playwright_or_skip():
    """Playwright's sync API, or a skip naming the install command (a failure under CI)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright for Python is not installed"
    if problem is None and not Path(CHROMIUM).is_file():
        problem = f"Chromium is not at {CHROMIUM}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the injection browser test: {problem}. Install: {INSTALL}")
        pytest.skip(f"{problem}. Install: {INSTALL}")
    return sync_playwright


@pytest.fixture(scope="module")
def served_hostile(tmp_path_factory):
    """The hostile archive built with the development settings (relative links)
    and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("hostile-served")
    content = root / "content"
    shutil.copytree(BASE, content)
    for relative, text in HOSTILE_FILES.items():
        (content / relative).write_text(text, encoding="utf-8")
    output = build_site(ROOT / "pelicanconf.py", content=content, output=root / "output", strict=True).output
    server = make_server(output, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Wesson", "hostile"])
def test_search_results_run_no_markup_in_a_browser(served_hostile, browser, query):
    page = browser.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{served_hostile}search/?q={query}")
        page.wait_for_selector(".search-result", timeout=10_000)
        page.wait_for_timeout(300)  # let any injected handler fire
        titles = [title.strip() for title in page.locator(".search-result h3").all_inner_texts()]
        injected = page.evaluate(
            """() => [...document.querySelectorAll('main *')].filter(
                (node) => node.getAttribute('src') === 'x' || node.tagName === 'B'
                    || [...node.attributes].some((a) => a.name.startsWith('on'))
            ).map((node) => node.outerHTML)"""
        )
    finally:
        page.close()
    assert not dialogs, f"a script ran: {dialogs}"
    assert not injected, injected
    assert not errors, errors
    assert DOC_TITLE in titles or ACTOR_TITLE in titles, titles
