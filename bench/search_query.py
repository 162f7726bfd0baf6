"""Search on a large archive: indexing time, bytes fetched and time to results.

    python3 -m bench.search_query                      # generate 5,000 documents, build, measure
    python3 -m bench.search_query --site output         # measure a site already built
    python3 -m bench.search_query --query security --query the

Builds the synthetic archive (bench/synthetic.py) strict, with the project's
settings, and reads the indexing time the search plugin records. Then serves the
site under /archive/ on 127.0.0.1 and, in headless Chromium (Debian's, at
/usr/bin/chromium), for each query: opens /archive/search/?q=QUERY with an empty
cache and counts the bytes of every response (as sent, and as a host that
gzips text would send them, as GitHub Pages does) and the time from the start
of navigation to the first result on screen; then, on the loaded page, times a
query from pressing Enter to its results on screen, and from the last
keystroke (the page waits 150 ms after a keystroke before it searches); then
opens the facets and counts what they fetch. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from archive_build.serve import SiteHandler  # noqa: E402
from archive_quality.accessibility import CHROMIUM_ARGS  # noqa: E402

from .synthetic import Shape, write_archive  # noqa: E402

PREFIX = "/archive/"
CHROMIUM = "/usr/bin/chromium"
DEFAULT_QUERIES = ("security", "treaty")
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", "/")
# Clears the results, then asks for `query` by typing (an input event) or by
# pressing Enter (a submit); returns the milliseconds until its results show.
TIME_QUERY = """async ([query, how]) => {
  const form = document.querySelector('.search-form');
  const input = document.querySelector('#search-query');
  const status = document.querySelector('[data-search-status]');
  input.value = '';
  form.requestSubmit();
  while (status.textContent) await new Promise(requestAnimationFrame);
  const start = performance.now();
  input.value = query;
  if (how === 'enter') form.requestSubmit();
  else input.dispatchEvent(new Event('input'));
  while (!status.textContent.includes('“' + query + '”')) await new Promise(requestAnimationFrame);
  return performance.now() - start;
}"""


class PrefixHandler(SiteHandler):
    """Serves the site under /archive/ and counts the bytes of every file it sends,
    including those a web worker fetches."""

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        path = self.path.split("?", 1)[0]
        wire = len(gzip.compress(data, 6)) if path.endswith(TEXT_TYPES) else len(data)
        self.server.sent.append((path, len(data), wire))

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format, *args):
        pass


def build(shape: Shape, work: Path) -> dict:
    from archive_build.runner import build_site  # noqa: PLC0415

    content, output = work / "content", work / "output"
    shutil.rmtree(content, ignore_errors=True)
    write_archive(content, shape)
    start = time.perf_counter()
    result = build_site(ROOT / "pelicanconf.py", content=content, output=output, strict=True)
    seconds = time.perf_counter() - start
    index = result.timings.get("search_index", 0.0)
    return {
        "documents": shape.documents,
        "build_seconds": round(seconds, 2),
        "search_index_seconds": round(index, 2),
        "index_share_of_rest_of_build": round(index / (seconds - index), 3),
        "output": str(output),
    }


def measure_query(browser, server, base_url: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sizes = server.sent
    sizes.clear()
    page.goto(f"{base_url}search/?q={query}", wait_until="commit")
    page.wait_for_function(
        "q => document.querySelector('[data-search-status]').textContent.includes(q)", arg=f"“{query}”", timeout=30_000
    )
    cold_ms = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    figures = {
        "query": query,
        "status": page.locator("[data-search-status]").inner_text(),
        "ms_to_first_results_cold": round(cold_ms),
        **fetch_figures("query", sizes),
    }
    figures["ms_enter_to_results"] = round(page.evaluate(TIME_QUERY, [query, "enter"]))
    figures["ms_last_keystroke_to_results"] = round(page.evaluate(TIME_QUERY, [query, "type"]))
    sizes.clear()
    page.locator("[data-search-facets-load]").click()
    page.locator(".search-facet input").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    figures.update(fetch_figures("facets", sizes))
    context.close()
    return figures


def fetch_figures(name: str, sizes) -> dict:
    kb = lambda total: round(total / 1024, 1)  # noqa: E731
    largest = sorted(sizes, key=lambda item: -item[1])[:5]
    return {
        f"{name}_requests": len(sizes),
        f"{name}_kb_sent": kb(sum(raw for _, raw, _ in sizes)),
        f"{name}_kb_sent_gzip_host": kb(sum(wire for _, _, wire in sizes)),
        f"{name}_kb_search_bundle": kb(sum(raw for path, raw, _ in sizes if "/pagefind/" in path)),
        f"{name}_largest_files": [f"{path} {kb(raw)} KB" for path, raw, _ in largest],
    }


def measure_site(site: Path, queries) -> list[dict]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    handler = functools.partial(PrefixHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return [measure_query(browser, server, base_url, query) for query in queries]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python3 -m bench.search_query", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure; no archive is generated")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--actors", type=int, default=500)
    parser.add_argument("--demands", type=int, default=100)
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--work", type=Path, help="keep the generated content and output in this folder")
    parser.add_argument("--query", action="append", help="a query to measure (repeatable)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    report: dict = {}
    site = arguments.site
    work = None
    if site is None:
        work = arguments.work or Path(tempfile.mkdtemp(prefix="archive-search-bench-"))
        shape = Shape(arguments.documents, arguments.actors, arguments.demands, arguments.topics)
        report["build"] = build(shape, work)
        site = Path(report["build"]["output"])
    try:
        report["queries"] = measure_site(site, arguments.query or DEFAULT_QUERIES)
    finally:
        if work is not None and arguments.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
