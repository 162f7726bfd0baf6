"""The HTML gate: the Nu Html Checker reports no error on any built page."""

from __future__ import annotations

from conftest import write_tree

from archive_quality.html_valid import validate_site


def test_every_published_page_is_valid_html(published, run_gate):
    assert run_gate(validate_site, published.root) == []


def test_the_checker_reports_errors_with_file_and_line(tmp_path, run_gate):
    root = write_tree(
        tmp_path / "site",
        {"bad/index.html": '<!DOCTYPE html><html lang="en"><title>t</title><body><img src="x.png"></body>'},
    )
    problems = run_gate(validate_site, root)
    assert any(p.startswith("bad/index.html:1.") and "alt" in p for p in problems), problems
