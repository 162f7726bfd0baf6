"""Search in a real browser: Debian's Chromium driven by Playwright.

A small archive (SEARCH_TREE) is built once and served on 127.0.0.1, under the
sub-path /archive/ as on GitHub Pages, and at the root of a host. With CI=true
these tests always run; elsewhere they skip when Chromium or Playwright is
missing.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archive_build.serve import SiteHandler
from archive_quality.accessibility import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
INSTALL = "apt-get install chromium && python3 -m pip install -r requirements-dev.txt"
SUB_PATH = "/archive/"
WAIT_MS = 10_000


def need_browser():
    """Playwright's sync API, or a skip naming the install command (a failure under CI)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        problem = "Playwright for Python is not installed"
    if problem is None and not (Path(CHROMIUM).is_file() or shutil.which("chromium")):
        problem = f"Chromium is not at {CHROMIUM}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the search browser tests: {problem}. Install: {INSTALL}")
        pytest.skip(f"{problem}. Install: {INSTALL}")
    return sync_playwright


class PrefixHandler(SiteHandler):
    """Serves the site below `prefix` only; anything else is not found."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import SETTINGS, write_tree  # noqa: PLC0415
    from test_search import SEARCH_TREE  # noqa: PLC0415

    from archive_build.runner import build_site  # noqa: PLC0415

    root = tmp_path_factory.mktemp("search-browser")
    content = write_tree(root / "content", SEARCH_TREE)
    # One word a chunk, and the records indexed in parts of about two records
    # merged into one bundle, so that every query here reads what
    # archive_search.chunks and archive_search.merge write.
    overrides = {"SEARCH_CHUNK_BYTES": 1, "SEARCH_PART_CHARS": 1500}
    return build_site(SETTINGS, content=content, output=root / "output", strict=True, overrides=overrides).output


def serve(folder: Path, prefix: str) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (PrefixHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(folder: Path, prefix: str):
    server = serve(folder, prefix)
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(built):
    """The site under a sub-path, as GitHub Pages serves a project's site."""
    with served(built, SUB_PATH) as url:
        yield url


@pytest.fixture(scope="module")
def root_url(built):
    """The same site at the root of a host."""
    with served(built, "/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_playwright = need_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert not errors, errors


def results(page) -> list[tuple[str, str]]:
    """(type, title) of every result shown."""
    items = page.locator(".search-result")
    return [
        (item.locator(".badge").inner_text().strip().casefold(), item.locator("h3 a").inner_text().strip())
        for item in items.all()
    ]


def query_of(page) -> dict[str, list[str]]:
    """The page's own query string (page.url may lag behind history.replaceState)."""
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def wait_for_fewer_results(page, count: int) -> None:
    page.wait_for_function("n => document.querySelectorAll('.search-result').length < n", arg=count)


def search_for(page, base_url, query):
    page.goto(f"{base_url}search/")
    page.locator("#search-query").fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-search-status]').textContent.includes(q)", arg=f"“{query}”"
    )


@pytest.mark.parametrize("query", ["Fomin", "Фомин", "alexander fomin"])
def test_an_alias_finds_its_actor_page_first(page, base_url, query):
    search_for(page, base_url, query)
    assert results(page)[0] == ("actor", "Alexander Fomin")
    if query == "Fomin":
        assert ("annotated summary", "The deputy minister at the council") in results(page)[1:]


@pytest.mark.parametrize(("query", "title"), [("NATO", "NATO"), ("OTAN", "NATO"), ("NRC", "NATO–Russia Council")])
def test_an_acronym_finds_its_entity_first_though_texts_repeat_it(page, base_url, query, title):
    search_for(page, base_url, query)
    assert results(page)[0] == ("actor", title)


def test_a_result_shows_title_type_date_and_a_highlighted_excerpt(page, base_url):
    search_for(page, base_url, "missiles")
    summary = page.locator(".search-result", has_text="The deputy minister at the council")
    assert summary.locator(".badge").inner_text().casefold() == "annotated summary"
    assert summary.locator("time").get_attribute("datetime") == "2021-12-20"
    assert summary.locator("time").inner_text() == "20 December 2021"
    assert summary.locator(".search-result__excerpt mark").first.inner_text().casefold().startswith("missiles")


def show_facets(page):
    page.get_by_role("button", name="Show filters by type, year, topic, actor and demand").click()
    page.get_by_role("checkbox").first.wait_for()


def test_a_type_facet_narrows_the_results_and_the_url(page, base_url):
    search_for(page, base_url, "NATO")
    show_facets(page)
    before = results(page)
    assert {kind for kind, _ in before} >= {"actor", "explainer", "annotated summary"}
    page.get_by_role("checkbox", name="Explainer").check()
    wait_for_fewer_results(page, len(before))
    assert results(page) == [("explainer", "Missiles in Europe explained")]
    assert query_of(page) == {"q": ["NATO"], "type": ["Explainer"]}
    assert "narrowed" in page.locator("[role=status]").inner_text()


def test_facets_work_from_the_keyboard_alone(page, base_url):
    search_for(page, base_url, "NATO")
    count = len(results(page))
    page.get_by_role("button", name="Show filters by type, year, topic, actor and demand").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.type === 'checkbox'")
    assert page.get_by_role("checkbox", name="Explainer").is_visible()
    page.get_by_role("checkbox", name="Actor").focus()
    page.keyboard.press("Space")
    wait_for_fewer_results(page, count)
    assert {kind for kind, _ in results(page)} == {"actor"}
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert focused == ["type", "Actor"], "focus should stay on the ticked box"


def test_a_link_with_q_runs_its_query_at_once(page, base_url):
    page.goto(f"{base_url}search/?q=Fomin&type=Annotated+summary")
    page.wait_for_selector(".search-result")
    assert page.locator("#search-query").input_value() == "Fomin"
    assert page.get_by_role("checkbox", name="Annotated summary").is_checked()
    assert results(page) == [("annotated summary", "The deputy minister at the council")]


def test_typing_updates_the_url_and_announces_the_results(page, base_url):
    search_for(page, base_url, "Fomin")
    assert query_of(page) == {"q": ["Fomin"]}
    assert page.evaluate("location.pathname") == urlsplit(f"{base_url}search/").path
    status = page.locator("[data-search-status]")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith(f"{len(results(page))} results for “Fomin”")


def test_a_result_link_opens_the_right_page(page, base_url):
    search_for(page, base_url, "Фомин")
    page.locator(".search-result a").first.click()
    page.wait_for_url(f"{base_url}actors/alexander-fomin/")
    assert page.locator("h1").inner_text() == "Alexander Fomin"


def test_search_works_the_same_at_the_root_of_a_host(page, root_url):
    search_for(page, root_url, "OTAN")
    assert results(page)[0] == ("actor", "NATO")
    page.locator(".search-result a").first.click()
    page.wait_for_url(f"{root_url}actors/nato/")


def test_search_fetches_nothing_outside_the_site(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    search_for(page, base_url, "missiles")
    assert requested
    outside = [url for url in requested if not url.startswith(base_url)]
    assert not outside
    failed = [url for url in requested if "pagefind" in url and not url.startswith(f"{base_url}pagefind/")]
    assert not failed


def test_a_query_fetches_the_facets_only_when_asked(page, base_url, built):
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    search_for(page, base_url, "missiles")
    filters = [path for path in requested if "/pagefind/filter/" in path]
    assert len(filters) == 1, "only the names filter, for the exact-name lookup"
    show_facets(page)
    every_filter = {f"filter/{file.name}" for file in (built / "pagefind" / "filter").iterdir()}
    assert {path.split("/pagefind/")[1] for path in requested if "/pagefind/filter/" in path} == every_filter


def test_without_javascript_the_page_says_so_and_lists_entities(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}search/?q=Fomin")
    note = page.locator("[data-search-fallback-note]")
    assert note.is_visible() and "needs JavaScript" in note.inner_text()
    assert page.locator("[data-search-ui]").is_hidden()
    assert page.get_by_role("link", name="Alexander Fomin").is_visible()
    assert page.get_by_role("link", name="European security").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_follows_the_themes_colours(browser, base_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base_url}search/?q=NATO")
    page.wait_for_selector(".search-result")
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('#search-query')).backgroundColor,
                  getComputedStyle(document.querySelector('.search-result a')).color]"""
    )
    context.close()
    background, field, link = colours
    assert field == background
    dark = background == "rgb(21, 23, 26)"
    assert dark == (scheme == "dark")
    assert link != background


def real_entities():
    """(name, URL) for the title and every alias of each published entity in content/."""
    from archive_model.header import split_header  # noqa: PLC0415
    from archive_model.model import split_list  # noqa: PLC0415

    content = Path(__file__).resolve().parent.parent / "content"
    for folder in ("actors", "demands", "topics"):
        for path in sorted((content / folder).glob("*.md")):
            header = split_header(path.read_text(encoding="utf-8"))
            if (header.get("status") or "").lower() == "draft":
                continue
            url = f"/{folder}/{header.get('slug') or path.stem}/"
            for name in [header.get("title"), *split_list(header.get("aliases") or "")]:
                yield name, url


# For each [name, folded name, URL]: does the exact-name lookup the search page
# makes first (a search for the name, narrowed by the hidden names filter) find
# the entity's page?
EXACT_LOOKUP = """async (cases) => {
  const pagefind = await import(new URL('../pagefind/pagefind.js', location.href).href);
  const missed = [];
  for (const [name, key, url] of cases) {
    const found = await pagefind.search(name, { filters: { name: { any: [key] } } });
    const urls = await Promise.all(found.results.map(async (result) => (await result.data()).raw_url));
    if (!urls.includes(url)) missed.push(`${name} -> ${urls.join(', ') || 'nothing'}, not ${url}`);
  }
  return missed;
}"""


def test_every_name_and_alias_of_the_real_archive_leads_to_its_entity(page, site):
    from archive_search.records import name_key  # noqa: PLC0415

    cases = [[name, name_key(name), url] for name, url in real_entities()]
    assert len(cases) > 30
    with served(site.root, SUB_PATH) as base_url:
        page.goto(f"{base_url}search/")
        assert page.evaluate(EXACT_LOOKUP, cases) == []
