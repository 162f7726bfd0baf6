"""The accessibility gate: axe-core in headless Chromium finds no violation on
the home page, the 404 page and one page of every type, light and dark."""

from __future__ import annotations

import pytest
from conftest import write_tree

from archive_quality.accessibility import audit, sample_pages
from archive_quality.server import SiteServer

# Page types the archive must have. Pages in any other folder are sampled as
# soon as they are built (sample_pages finds folders, it does not list them).
REQUIRED = (
    "home",
    "404",
    "articles item",
    "summaries item",
    "actors item",
    "demands item",
    "topics item",
    "actors index",
    "search index",
    "timeline index",
)


@pytest.fixture(scope="module")
def sampled(published):
    return sample_pages(published.root)


def test_every_page_type_is_sampled(published, sampled):
    missing = [page_type for page_type in REQUIRED if page_type not in sampled]
    assert not missing, f"no page of type {missing} in the build"
    folders = {p.name for p in published.root.iterdir() if p.is_dir() and (p / "index.html").is_file()}
    assert {f"{folder} index" for folder in folders} <= set(sampled)


def test_no_axe_violations_in_light_and_dark(published, sampled, run_gate):
    problems = run_gate(audit, published.base_url, sampled)
    assert problems == [], "\n".join(problems)


def test_axe_reports_violations(tmp_path, run_gate):
    root = write_tree(
        tmp_path / "site",
        {
            "index.html": (
                "<!DOCTYPE html><html><head><title>t</title></head><body>"
                '<img src="x.png"><p style="color:#777;background:#888">faint</p></body></html>'
            )
        },
    )
    with SiteServer(root, "/sub/") as server:
        problems = run_gate(audit, server.base_url, {"home": ""}, ("dark",))
    rules = {line.split(": ")[1] for line in problems}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= rules, problems


def test_invoke_check_skips_the_gate_naming_the_install_command_without_chromium(monkeypatch, tmp_path):
    from archive_build.check import GateSkipped  # noqa: PLC0415
    from archive_quality import ToolMissing, accessibility, gates  # noqa: PLC0415

    def no_chromium():
        raise ToolMissing(accessibility.INSTALL)

    monkeypatch.setattr(accessibility, "chromium_path", no_chromium)
    with pytest.raises(GateSkipped, match="apt-get install chromium"):
        gates.accessibility_step(tmp_path)
