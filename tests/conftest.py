"""Shared fixtures: one build of the real site per test session, and small sites."""

from __future__ import annotations

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
