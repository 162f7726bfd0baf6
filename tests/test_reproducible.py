"""Reproducible builds: two clean builds of the same content give byte-identical
output trees (search index included), whatever the time zone, the locale and
Python's hash seed (Pelican lists files in a set, so ties in any order
would show here); and no date but the content's appears in the output."""

from __future__ import annotations

import datetime
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = Path(__file__).resolve().parent / "bad_input" / "base"
SOURCE_DATE_EPOCH = "1642032000"  # 2022-01-13, a date of the content
SITEURL = "https://example.org/archive"

# Two machines as different as one host allows. de_DE.UTF-8 need not be
# installed: an unknown locale must not change the output either.
MACHINES = {
    "utc": {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"},
    "tokyo": {"TZ": "Asia/Tokyo", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "4242"},
}
BUILD = """
import sys
sys.path.insert(0, {plugins!r})
from archive_build.runner import build_site
for settings, content, output in {builds!r}:
    build_site(settings, content=content, output=output, strict=True)
"""


def same_day_tree(root: Path) -> Path:
    """The small archive plus explainers that share one date, in a folder whose
    files were created in the reverse order of their names."""
    content = root / "content"
    shutil.copytree(BASE, content)
    for number in reversed(range(6)):
        (content / "articles" / f"same-day-{number}.md").write_text(
            f"Title: Same day {number}\nDate: 2022-01-20\nSummary: One of six explainers of one day.\n"
            f"Topics: European security\nActors: Russia, NATO\n\nExplainer {number} of the day.\n",
            encoding="utf-8",
        )
    return content


def build_on(machine: str, root: Path, same_day: Path) -> dict[str, Path]:
    outputs = {"real": root / machine / "real", "same-day": root / machine / "same-day"}
    builds = [
        (str(ROOT / "pelicanconf.py"), str(ROOT / "content"), str(outputs["real"])),
        (str(ROOT / "publishconf.py"), str(same_day), str(outputs["same-day"])),
    ]
    env = {**os.environ, **MACHINES[machine], "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": SITEURL}
    script = BUILD.format(plugins=str(ROOT / "plugins"), builds=builds)
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return outputs


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("reproducible")
    same_day = same_day_tree(root)
    return {machine: build_on(machine, root, same_day) for machine in MACHINES}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def explain(name: str, first: bytes, second: bytes) -> str:
    try:
        lines = difflib.unified_diff(
            first.decode().splitlines(), second.decode().splitlines(), "utc/" + name, "tokyo/" + name, lineterm=""
        )
        return "\n".join(list(lines)[:20])
    except UnicodeDecodeError:
        return f"{name}: binary files differ"


@pytest.mark.parametrize("which", ["real", "same-day"])
def test_two_builds_are_byte_identical(builds, which):
    first, second = tree(builds["utc"][which]), tree(builds["tokyo"][which])
    assert sorted(first) == sorted(second)
    assert any(name.startswith("pagefind/") for name in first), "the search index is part of the comparison"
    different = [name for name in first if first[name] != second[name]]
    assert not different, "\n\n".join(explain(name, first[name], second[name]) for name in different[:3])


def test_no_build_date_appears_in_the_output(builds):
    """Dates shown come from the content: neither today's date nor the build's
    time appears, in any time zone, in ISO form or the site's own format, in
    the published build (sitemap, feeds, JSON-LD) of a tree dated 2022."""
    now = datetime.datetime.now(datetime.UTC)
    days = {now.date(), (now + datetime.timedelta(hours=9)).date(), (now - datetime.timedelta(hours=12)).date()}
    forms = set()
    for day in days:
        forms |= {day.isoformat(), f"{day.day} {day:%B %Y}", day.strftime("%Y%m%d")}
    for name, data in tree(builds["utc"]["same-day"]).items():
        text = data.decode("utf-8", errors="replace")
        found = [form for form in forms if form in text]
        assert not found, f"{name} holds the build's date {found}"
