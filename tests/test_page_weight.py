"""The reader's side of the performance budget, on the real built site: an
article page's first view (HTML, CSS, JavaScript; no pictures) is at most
60 KB uncompressed, no script blocks rendering, and search code loads only on
the search page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.page_weight import FIRST_VIEW_BUDGET, first_view, page_assets  # noqa: E402

SEARCH_CODE = ("pagefind",)


def document_pages(site) -> list[Path]:
    return sorted(site.root.glob("summaries/*/index.html")) + sorted(site.root.glob("articles/*/index.html"))


def test_a_document_page_first_view_is_at_most_60_kb(site):
    views = [first_view(site.root, page) for page in document_pages(site)]
    assert views, "no summary or explainer page was built"
    heaviest = max(views, key=lambda view: view.total_bytes)
    assert not heaviest.missing, f"{heaviest.page} loads files that are not in the site: {heaviest.missing}"
    assert heaviest.total_bytes <= FIRST_VIEW_BUDGET, (
        f"{heaviest.page.relative_to(site.root)} weighs {heaviest.total_bytes / 1024:.1f} KB on first view "
        f"(HTML {heaviest.html_bytes / 1024:.1f} KB, {heaviest.asset_bytes})"
    )


def test_no_page_has_a_render_blocking_script(site):
    blocking = {}
    for page in site.pages():
        scripts = page_assets(page.read_text(encoding="utf-8")).blocking_scripts
        if scripts:
            blocking[str(page.relative_to(site.root))] = scripts
    assert not blocking, f"scripts in <head> without defer, async or type=module: {blocking}"


def test_search_code_loads_only_on_the_search_page(site):
    loading = []
    for page in site.pages():
        relative = page.relative_to(site.root).as_posix()
        if relative.startswith(("search/", "pagefind/")):
            continue
        assets = page_assets(page.read_text(encoding="utf-8"))
        if any(name in src for src in assets.scripts + assets.stylesheets for name in SEARCH_CODE):
            loading.append(relative)
    assert not loading, f"pages other than the search page load the search code: {loading[:10]}"


def test_the_weighing_counts_stylesheets_and_scripts(tmp_path):
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "site.css").write_text("x" * 1000)
    (tmp_path / "theme" / "app.js").write_text("y" * 500)
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<html><head><link rel="stylesheet" href="../theme/site.css"><script src="/theme/app.js"></script>'
        '<script type="application/ld+json">{}</script></head><body><img src="big.jpg"></body></html>'
    )
    view = first_view(tmp_path, page)
    assert view.asset_bytes == {"../theme/site.css": 1000, "/theme/app.js": 500}
    assert view.total_bytes == len(page.read_bytes()) + 1500
    assert view.blocking_scripts == ["/theme/app.js"]


@pytest.mark.parametrize(
    "script",
    ['<script defer src="a.js"></script>', '<script async src="a.js"></script>', '<script type="module">x</script>'],
)
def test_deferred_scripts_do_not_block(script):
    assert page_assets(f"<html><head>{script}</head><body></body></html>").blocking_scripts == []


def test_a_script_at_the_end_of_the_body_does_not_block():
    assert page_assets('<html><head></head><body><p>x</p><script src="a.js"></script></body></html>').scripts == [
        "a.js"
    ]
    assert page_assets('<html><head></head><body><script src="a.js"></script></body></html>').blocking_scripts == []
