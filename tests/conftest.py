"""Shared fixtures: one build of the real site per test session, and small sites."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from archive_build.runner import build_site  # noqa: E402

SETTINGS = ROOT / "pelicanconf.py"


@dataclass
class BuiltSite:
    root: Path
    problems: object

    def file(self, url: str) -> Path:
        path = self.root / url.lstrip("/")
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def html(self, url: str) -> str:
        return self.file(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(url), "html.parser")

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real content/, built once with --strict into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(SETTINGS, output=output, strict=True)
    return BuiltSite(result.output, result.problems)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under root; returns root."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def build_tree(tmp_path):
    """Build a small content tree: build_tree({path: text}, strict=True)."""

    def build(files, strict=True, **kwargs):
        content = write_tree(tmp_path / "content", files)
        return build_site(SETTINGS, content=content, output=tmp_path / "output", strict=strict, **kwargs)

    return build


PUBLISH_SETTINGS = ROOT / "publishconf.py"
PUBLISH_PATH = "/archive/"  # served as GitHub Pages serves a project site: under /REPO/


@dataclass
class PublishedSite(BuiltSite):
    base_url: str  # http://127.0.0.1:PORT/archive/


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The real content/ built with publishconf.py --strict, as the workflow does,
    and served under a sub-path on 127.0.0.1 for the link, HTML and browser gates."""
    from archive_quality.server import SiteServer  # noqa: PLC0415

    output = tmp_path_factory.mktemp("published") / "output"
    server = SiteServer(output, PUBLISH_PATH)
    previous = os.environ.get("SITEURL")
    os.environ["SITEURL"] = server.site_url
    try:
        result = build_site(PUBLISH_SETTINGS, output=output, strict=True)
    finally:
        if previous is None:
            del os.environ["SITEURL"]
        else:
            os.environ["SITEURL"] = previous
    with server:
        yield PublishedSite(result.output, result.problems, server.base_url)


@pytest.fixture(scope="session")
def run_gate():
    """run_gate(function, *args): a gate whose tool is missing skips, naming the
    install command, except in CI (CI=true), where it fails."""
    from archive_quality import ToolMissing  # noqa: PLC0415

    def run(function, *args):
        try:
            return function(*args)
        except ToolMissing as missing:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must run this gate: {missing}")
            pytest.skip(f"tool missing: {missing}")

    return run
