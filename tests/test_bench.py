"""The benchmark harness, run small so it cannot rot: the synthetic archive is
valid content, one build of each kind yields a complete report, the report
keeps the prose of docs/PERFORMANCE.md, and livereload's preview rewrites only
the saved document's page. Timings are never asserted: budgets are checked by
`invoke bench`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_build.live import ContentWatch, LiveBuilder  # noqa: E402
from archive_build.runner import build_site  # noqa: E402
from bench.harness import run_benchmark  # noqa: E402
from bench.report import (  # noqa: E402
    END,
    START,
    budget_rows,
    growth,
    markdown_section,
    print_report,
    rewrite_marked_section,
)
from bench.synthetic import Shape, write_archive  # noqa: E402

SETTINGS = ROOT / "pelicanconf.py"
SMALL = Shape(documents=12, actors=8, demands=4, topics=3)


def test_the_same_seed_writes_the_same_archive(tmp_path):
    first = write_archive(tmp_path / "a", SMALL)
    assert write_archive(tmp_path / "b", SMALL) == first
    assert write_archive(tmp_path / "c", Shape(12, 8, 4, 3, seed=7)) != first


def test_the_synthetic_archive_has_the_shape_asked_for(tmp_path):
    files = write_archive(tmp_path, SMALL)
    folders = [path.split("/")[0] for path in files]
    assert folders.count("actors") == 8
    assert folders.count("demands") == 4
    assert folders.count("topics") == 3
    assert folders.count("summaries") + folders.count("articles") == 12
    summary = next(text for path, text in files.items() if path.startswith("summaries/"))
    assert "Positions:\n    " in summary
    assert "[^1]: Context: " in summary
    body_words = len(summary.split("\n\n", 1)[1].split())
    assert 600 <= body_words <= 1600


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One small run of the whole harness: one build of each kind, one edit."""
    work = tmp_path_factory.mktemp("bench")
    return run_benchmark(Shape(documents=50, actors=20, demands=8, topics=4), work, runs=1, edits=1)


def test_a_small_run_reports_both_builds(report):
    for flavour in ("stock", "project"):
        figures = report[flavour]
        assert figures["runs"] == 1
        assert figures["seconds"] > 0
        assert figures["peak_rss_mb"] > 0
        assert figures["output_files"] >= 50
    assert report["project_serial"]["runs"] == 1
    assert report["project_serial"]["output_files"] == report["project"]["output_files"]
    assert report["content"]["files"] == 50 + 20 + 8 + 4 + 1
    assert report["machine"]["cores"] >= 1
    assert report["machine"]["pelican"]


def test_a_small_run_measures_edit_preview_and_page_weight(report):
    assert report["edit_preview"]["edits"] == 1
    assert report["edit_preview"]["seconds"] > 0
    assert report["first_view"]["total_bytes"] > report["first_view"]["html_bytes"] > 0


def test_the_report_prints_every_budget(report, capsys):
    print_report(report)
    printed = capsys.readouterr().out
    for words in ("stock Pelican", "peak memory", "search indexing", "save to page rewritten", "first view"):
        assert words in printed
    assert "this archive, one process" in printed
    rows = budget_rows(report, growth_value=4.0)
    assert len(rows) == 8
    assert sum(row[3] == "for information" for row in rows) == 1


def test_growth_needs_both_sizes(report):
    larger = {**report, "project": {**report["project"], "seconds": report["project"]["seconds"] * 5}}
    assert growth({1000: report}) is None
    assert growth({1000: report, 5000: larger}) == pytest.approx(5, rel=0.01)


def test_the_marked_section_is_rewritten_and_the_prose_kept(report, tmp_path):
    document = tmp_path / "PERFORMANCE.md"
    document.write_text(f"# Performance\n\nProse before.\n\n{START}\nold figures\n{END}\n\nProse after.\n")
    rewrite_marked_section(document, markdown_section({50: report}))
    text = document.read_text()
    assert "Prose before." in text and "Prose after." in text
    assert "old figures" not in text
    assert "| wall time, median (s) |" in text
    assert text.count(START) == 1 and text.count(END) == 1


@pytest.fixture
def live_site(tmp_path):
    content = tmp_path / "content"
    write_archive(content, SMALL)
    builder = LiveBuilder(SETTINGS, tmp_path / "output", content, tmp_path / "cache")
    builder.full()
    return builder, content, tmp_path / "output"


def saved(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))  # a later save even on coarse clocks


def test_preview_rewrites_only_the_saved_document(live_site):
    builder, content, output = live_site
    document = sorted((content / "summaries").glob("*.md"))[0]
    page = output / "summaries" / document.stem / "index.html"
    home = output / "index.html"
    home_before = home.stat().st_mtime_ns
    saved(document, "\n\n", "\n\nA paragraph added by the editor.\n\n")
    builder.content_saved()
    assert "A paragraph added by the editor." in page.read_text(encoding="utf-8")
    assert home.stat().st_mtime_ns == home_before


def test_a_new_file_builds_the_whole_site(live_site):
    builder, content, output = live_site
    (content / "pages" / "new.md").write_text("Title: New page\n\nText.\n", encoding="utf-8")
    builder.content_saved()
    assert (output / "pages" / "new" / "index.html").is_file()


def test_the_content_watch_tells_modified_from_added(tmp_path):
    (tmp_path / "a.md").write_text("a")
    watch = ContentWatch(tmp_path)
    saved(tmp_path / "a.md", "a", "b")
    changes = watch.changes()
    assert changes.modified == [os.path.realpath(tmp_path / "a.md")]
    assert changes.previewable()
    (tmp_path / "b.md").write_text("b")
    assert not watch.changes().previewable()


def test_plugins_take_their_paths_from_settings_not_the_working_folder(tmp_path, monkeypatch):
    content = tmp_path / "elsewhere"
    write_archive(content, SMALL)
    monkeypatch.chdir(tmp_path)
    result = build_site(SETTINGS, content=content, output=tmp_path / "output", strict=True)
    assert (result.output / "actors" / "actor-0000" / "index.html").is_file()
    assert (result.output / "summaries").is_dir()
