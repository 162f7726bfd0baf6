"""The accessibility gate: axe-core (PyPI axe-playwright-python, which ships
axe.min.js) in headless Chromium, on one page of every type, in light and dark
colour schemes. Pure module: no Pelican imports."""

from __future__ import annotations

import asyncio
import contextlib
import locale
import os
import shutil
from pathlib import Path
from urllib.parse import urljoin

from . import ToolMissing
from .links import MISSING_PAGE

INSTALL = (
    "python3 -m pip install -r requirements-dev.txt (playwright, axe-playwright-python) and apt-get install chromium"
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COLOR_SCHEMES = ("light", "dark")
# Top-level folders of a built site that hold no pages of a type of their own.
NOT_PAGE_TYPES = {"theme", "pagefind", "drafts", "feeds", "data"}


def chromium_path() -> str:
    for candidate in (os.environ.get("ARCHIVE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ToolMissing(INSTALL)


def sample_pages(output: Path) -> dict[str, str]:
    """{page type: path under the site} for the home page, the 404 page and,
    for every top-level folder, its index page and its largest item page.

    Folders are found, not listed, so pages that new features add
    (/search/, /timeline/...) are checked as soon as they are built."""
    pages = {"home": "", "404": MISSING_PAGE}
    for folder in sorted(p for p in output.iterdir() if p.is_dir() and p.name not in NOT_PAGE_TYPES):
        if folder.name.startswith("."):
            continue
        if (folder / "index.html").is_file():
            pages[f"{folder.name} index"] = f"{folder.name}/"
        items = sorted(folder.glob("*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
        if items:
            pages[f"{folder.name} item"] = f"{folder.name}/{items[0].parent.name}/"
    return pages


@contextlib.contextmanager
def utf8_locale():
    """Pelican sets the C locale for its dates, which makes Python read text
    files as ASCII; the axe package reads its script without naming UTF-8."""
    previous = locale.setlocale(locale.LC_CTYPE)
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


def format_violation(page_type: str, scheme: str, url: str, violation: dict) -> str:
    targets = "; ".join(" ".join(node.get("target", [])) for node in violation.get("nodes", [])[:5])
    return f"{page_type} ({scheme}) {url}: {violation['id']}: {violation['help']} [{targets}]"


def audit(base_url: str, pages: dict[str, str], schemes=COLOR_SCHEMES) -> list[str]:
    """One line per axe violation on each page in each colour scheme.

    The colour schemes are audited side by side, each in its own browser
    context, which halves the time on two cores."""
    executable = chromium_path()
    try:
        with utf8_locale():
            from axe_playwright_python.async_playwright import Axe  # noqa: PLC0415
            from playwright.async_api import async_playwright  # noqa: PLC0415
    except ImportError as error:
        raise ToolMissing(INSTALL) from error

    async def audit_scheme(browser, scheme: str) -> list[str]:
        context = await browser.new_context(color_scheme=scheme)
        page = await context.new_page()
        problems = []
        for page_type, path in pages.items():
            url = urljoin(base_url, path)
            await page.goto(url, wait_until="load")
            results = await Axe().run(page)
            problems += [format_violation(page_type, scheme, url, v) for v in results.response.get("violations", [])]
        await context.close()
        return problems

    async def audit_all() -> list[str]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                found = await asyncio.gather(*(audit_scheme(browser, scheme) for scheme in schemes))
            finally:
                await browser.close()
        return [line for lines in found for line in lines]

    return asyncio.run(audit_all())
