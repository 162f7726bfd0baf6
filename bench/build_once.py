"""One build in a fresh process, for the harness: `python3 bench/build_once.py
project|stock CONTENT OUTPUT` builds, then prints its figures as one JSON line.

`project` is this archive's configuration, plugins and theme, built strict
through `archive_build.runner.build_site`, with as many processes as the
machine has cores; `project-serial` is the same in one process
(`ARCHIVE_WORKERS = 1`). `stock` is Pelican as installed:
no plugins, its `simple` theme, its own Markdown reader, its default pages and
feeds. Both read the same Markdown files and write one page per file: stock
Pelican reads `articles/` and `summaries/` as articles and the other folders as
pages, as the project does.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


def stock_settings(content: Path, output: Path) -> dict:
    return {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": "simple",
        # the simple theme lists every page in every page's menu: with the
        # entities read as pages that is quadratic, and this archive has no such menu
        "DISPLAY_PAGES_ON_MENU": False,
        "PLUGINS": [],
        "ARTICLE_PATHS": ["articles", "summaries"],
        "PAGE_PATHS": ["pages", "actors", "demands", "topics"],
        "TIMEZONE": "UTC",
        "SITEURL": "",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }


def build_stock(content: Path, output: Path) -> dict:
    from pelican import Pelican  # noqa: PLC0415
    from pelican.settings import read_settings  # noqa: PLC0415

    Pelican(read_settings(None, override=stock_settings(content, output))).run()
    return {}


def build_project(content: Path, output: Path, overrides: dict | None = None) -> dict:
    sys.path.insert(0, str(ROOT / "plugins"))
    from archive_build.runner import build_site  # noqa: PLC0415

    return build_site(SETTINGS, content=content, output=output, strict=True, overrides=overrides).timings


def build_project_serial(content: Path, output: Path) -> dict:
    return build_project(content, output, {"ARCHIVE_WORKERS": 1})


BUILDERS = {"project": build_project, "project-serial": build_project_serial, "stock": build_stock}


def main(argv: list[str]) -> int:
    flavour, content, output = argv
    logging.basicConfig(level=logging.ERROR)
    start = time.perf_counter()
    timings = BUILDERS[flavour](Path(content), Path(output))
    seconds = time.perf_counter() - start
    python_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helper_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {"seconds": seconds, "timings": timings, "python_rss_mb": python_mb, "helper_rss_mb": helper_mb}
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
