"""The gates as `invoke check` steps: `step(output) -> list of problems`.

`invoke check` builds with the development settings (relative links), so the
site is served at the root of a local server here; the tests serve the
published build under a sub-path as well.
"""

from __future__ import annotations

from pathlib import Path

from archive_build.check import GateSkipped

from . import ToolMissing, accessibility, html_valid
from .links import check_links
from .server import SiteServer


def links_step(output: Path) -> list[str]:
    with SiteServer(output) as server:
        return check_links(output, server.base_url)


def html_step(output: Path) -> list[str]:
    try:
        return html_valid.validate_site(output)
    except ToolMissing as missing:
        raise GateSkipped(str(missing)) from missing


def accessibility_step(output: Path) -> list[str]:
    try:
        with SiteServer(output) as server:
            return accessibility.audit(server.base_url, accessibility.sample_pages(output))
    except ToolMissing as missing:
        raise GateSkipped(str(missing)) from missing
