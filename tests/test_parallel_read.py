"""Reading in worker processes (archive_model.parallel_read) changes nothing but time,
and the quicker Markdown steps (archive_model.fast_markdown) change no HTML.

Builds that start workers run in a fresh Python process: a test process may run
other threads (a served site), and a build then reads in one process.
"""

from __future__ import annotations

import json
import logging
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
from markdown import Markdown

from archive_model import parallel_read
from archive_model.fast_markdown import quicken, run_prettify_last
from archive_model.header import split_header

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import Shape, write_archive  # noqa: E402

SMALL = Shape(documents=36, actors=12, demands=4, topics=3)
EXPLODES = "summaries/explodes.md"

# run in a fresh process: each build as asked, then the processes left behind
BUILDS = r"""
import json, multiprocessing, os, sys
from pathlib import Path
sys.path.insert(0, "plugins")
from archive_build.runner import build_site
from archive_model.problems import ContentError
from archive_model.reader import ArchiveReader

PARENT = os.getpid()
DIE_ON = []  # the file on which a worker dies, in this build
RENDERED_HERE = []  # the files this build rendered in its own process
render_source = ArchiveReader.render_source

def patched(reader, source_path, raw):
    if source_path.endswith("explodes.md"):
        raise ValueError("the reader broke on this file")
    if os.getpid() != PARENT and DIE_ON and source_path.endswith(DIE_ON[-1]):
        os._exit(3)
    if os.getpid() == PARENT:
        RENDERED_HERE.append(source_path)
    return render_source(reader, source_path, raw)

ArchiveReader.render_source = patched

def children():
    found = []
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as handle:
            found += handle.read().split()
    return found

reports = []
for build in json.loads(sys.argv[1]):
    DIE_ON[:] = [build["die_on"]] if "die_on" in build else []
    RENDERED_HERE.clear()
    report = {}
    try:
        result = build_site("pelicanconf.py", content=build["content"], output=build["output"], strict=build["strict"],
                            overrides={"ARCHIVE_WORKERS": build["workers"], "SEARCH_INDEX": False,
                                       **build.get("overrides", {})})
        report["lines"] = result.warnings()
        report["timings"] = sorted(result.timings)
    except ContentError as error:
        report["lines"] = error.all_lines
    report["rendered_here"] = len(RENDERED_HERE)
    report["active_children"] = len(multiprocessing.active_children())
    report["children"] = children()
    reports.append(report)
print(json.dumps(reports))
"""


def run_builds(builds: list[dict]) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-c", BUILDS, json.dumps(builds)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,  # a hung worker fails the test instead of hanging it
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A small synthetic archive built in one process, with two workers, and
    with a worker that dies; then the same with content errors, both ways."""
    root = tmp_path_factory.mktemp("parallel")
    clean = root / "clean"
    written = write_archive(clean, SMALL)
    faulty = root / "faulty"
    write_archive(faulty, SMALL)
    for relative, text in FAULTS.items():
        (faulty / relative).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    dying = sorted(path for path in written if path.startswith("summaries/"))[5]
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(root / "cache")}
    plan = {
        "serial": {"content": clean, "workers": 1},
        # not strict: the report of the dead worker is a warning, which stops a strict build
        "worker_dies": {"content": clean, "workers": 2, "die_on": dying, "strict": False},
        # with Pelican's content cache, as livereload builds: empty at first, then filled
        "parallel": {"content": clean, "workers": 2, "overrides": cache},
        "from_cache": {"content": clean, "workers": 2, "overrides": cache},
        "faulty_serial": {"content": faulty, "workers": 1},
        "faulty_parallel": {"content": faulty, "workers": 2},
    }
    builds = [
        {"strict": True, **build, "content": str(build["content"]), "output": str(root / name)}
        for name, build in plan.items()
    ]
    reports = dict(zip(plan, run_builds(builds), strict=True))
    for name, report in reports.items():
        report["output"] = root / name
    return reports


FAULTS = {
    "summaries/no-header.md": "Just text, no header.\n",
    "summaries/empty.md": "",
    "summaries/utf16.md": "Title: x\n".encode("utf-16"),
    "summaries/open-tag.md": (
        "Title: An open tag\nSource-URL: https://example.org/x\nSource-Date: 2022-01-02\n"
        "Made-By: Nobody Known\n\nText with <div> left open.\n\nMore [^n].\n\n[^n]: Odd: a label.\n"
    ),
    "articles/bad-date.md": "Title: Bad date\nDate: 2022-13-45\n\nSome text with a marker [^x].\n",
    EXPLODES: "Title: Explodes\nDate: 2022-01-01\n\nText.\n",
}


def test_a_build_with_two_workers_writes_the_same_bytes(builds):
    serial, parallel = builds["serial"], builds["parallel"]
    assert parallel["rendered_here"] == 0  # the workers rendered every file
    assert serial["rendered_here"] > 50
    assert file_bytes(parallel["output"]) == file_bytes(serial["output"])
    assert parallel["lines"] == serial["lines"]


def test_problems_read_in_workers_are_the_same_with_their_lines(builds):
    serial, parallel = builds["faulty_serial"], builds["faulty_parallel"]
    assert any("empty.md" in line for line in serial["lines"])
    assert any("open-tag.md" in line and "<div>" in line for line in serial["lines"])
    # the exception a worker met is met again in the build's process, as in a serial build
    assert any(f"Could not process {EXPLODES}" in line for line in serial["lines"])
    assert parallel["lines"] == serial["lines"]


def test_no_process_is_left_after_a_build(builds):
    for name, report in builds.items():
        assert report["active_children"] == 0, name
        assert report["children"] == [], name


def test_a_build_from_pelicans_content_cache_reads_in_one_process(builds):
    first, again, serial = builds["parallel"], builds["from_cache"], builds["serial"]
    assert first["rendered_here"] == 0  # an empty cache: every file rendered in workers
    assert again["rendered_here"] == 0  # every file from the cache
    assert "read_ahead" not in again["timings"]
    assert file_bytes(first["output"]) == file_bytes(serial["output"])
    assert file_bytes(again["output"]) == file_bytes(serial["output"])


def test_a_worker_that_dies_is_reported_and_its_files_read_anyway(builds):
    died, serial = builds["worker_dies"], builds["serial"]
    assert any("A process reading Markdown files stopped (exit code 3)" in line for line in died["lines"])
    assert 0 < died["rendered_here"] <= parallel_read.FILES_AHEAD  # the file it died on, and those it held
    assert file_bytes(died["output"]) == file_bytes(serial["output"])


# --- when workers start ---


def settings_for(content: Path, **extra) -> dict:
    return {"PATH": str(content), "ARTICLE_PATHS": ["articles", "summaries"], "PAGE_PATHS": ["pages"], **extra}


def test_no_worker_starts_when_the_content_cache_is_loaded(tmp_path):
    write_archive(tmp_path / "content", SMALL)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "ArticlesGenerator-Readers").write_bytes(b"cached")
    settings = settings_for(tmp_path / "content", ARCHIVE_WORKERS=2, LOAD_CONTENT_CACHE=True, CACHE_PATH=str(cache))
    assert parallel_read.cache_in_use(settings)
    assert parallel_read.render_ahead(settings, render_source=None) == {}
    assert parallel_read.render_ahead({**settings, "LOAD_CONTENT_CACHE": False, "ARCHIVE_PREVIEW": True}, None) == {}
    assert parallel_read.render_ahead({**settings, "LOAD_CONTENT_CACHE": False, "ARCHIVE_WORKERS": 1}, None) == {}


def test_the_files_read_ahead_are_the_markdown_files_of_the_read_folders(tmp_path):
    content = tmp_path / "content"
    for relative in ("summaries/a.md", "summaries/2022/b.markdown", "actors/c.md", "extra/d.md", "summaries/e.txt"):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text("x", encoding="utf-8")
    (content / "summaries/.hidden.md").write_text("x", encoding="utf-8")
    (content / "summaries/skip-me.md").write_text("x", encoding="utf-8")
    found = parallel_read.files_to_read(settings_for(content, IGNORE_FILES=["skip-*"]))
    assert [Path(path).relative_to(content).as_posix() for path in found] == [
        "actors/c.md",
        "summaries/2022/b.markdown",
        "summaries/a.md",
    ]


def test_a_result_is_taken_once_and_only_for_the_same_bytes(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"first")
    ahead = parallel_read.ReadAhead({str(path): parallel_read.Rendered(parallel_read.digest(b"first"), "result")})
    assert ahead.take(str(path)) == "result"
    assert ahead.take(str(path)) is None
    ahead.results[str(path)] = parallel_read.Rendered(parallel_read.digest(b"first"), "result")
    path.write_bytes(b"saved again")
    assert ahead.take(str(path)) is None


def test_what_a_worker_logged_is_logged_again_when_its_result_is_taken(tmp_path, caplog):
    path = tmp_path / "a.md"
    path.write_bytes(b"text")
    record = logging.LogRecord("markdown", logging.WARNING, "x.py", 1, "odd %s in %s", ("thing", "a.md"), None)
    rendered = parallel_read.Rendered(parallel_read.digest(b"text"), "result", [parallel_read.portable(record)])
    ahead = parallel_read.ReadAhead({str(path): pickle.loads(pickle.dumps(rendered))})
    with caplog.at_level(logging.WARNING):
        assert ahead.take(str(path)) == "result"
    assert [(entry.name, entry.getMessage()) for entry in caplog.records] == [("markdown", "odd thing in a.md")]


# --- the quicker Markdown steps give the same HTML ---

EXTENSIONS = [
    "markdown.extensions.footnotes",
    "markdown.extensions.tables",
    "markdown.extensions.attr_list",
    "markdown.extensions.smarty",
    "markdown.extensions.toc",
    "archive_annotations.extension",
]
PIECES = (
    "word", "*word*", "**two words**", "_word_", "`code`", " ", "\n", "\n\n", "'", '"', "'s", "\"'", "'\"",
    "*", "**", "_", "`", "\\", "\\*", "\\[", "\\`", "[", "]", "(", ")", "[a](http://x.y)", "[a][r]", "[r]",
    "[a] [r]", "![i](p.png)", "![i][r]", "<", ">", "<b>", "</b>", "<http://a.b>", "<a@b.c>", "&amp;", "&",
    "--", "---", "...", "[^1]", "[^2]", "  \n", "{: .c}", "{#i}", "{", "}", "\n# H\n", "\n## H {: #x }\n",
    "\n### *e* [^1]\n", "[TOC]", "\n\n[TOC]\n\n", "|", "\n| a | b |\n| --- | --- |\n| c | d |\n", "1960's",
    "'90s", "-", "&nbsp;", "\n\n    indented code\n\n", "\n\n<div>\n<p>x</p>\n</div>\n\n", "\n\n> quote\n> more\n\n",
    "\n\n* item\n* item\n\n", "\n\n1. one\n2. two\n\n", "\n\n---\n\n",
)  # fmt: skip
DEFINITIONS = ("\n\n[r]: http://r.example", "\n\n[^1]: Context: a note [a](http://x)", '\n\n[^2]: Term: "q" *e*')


def tricky_text(seed: int) -> str:
    chance = random.Random(seed)
    plain_share = chance.random() * 0.9  # sparse texts show the order in which steps meet
    words = chance.randint(1, 60)
    body = "".join("word " if chance.random() < plain_share else chance.choice(PIECES) for _ in range(words))
    return body + "".join(chance.sample(DEFINITIONS, chance.randint(0, 3)))


def markdown_pair() -> tuple[Markdown, Markdown]:
    plain = Markdown(extensions=EXTENSIONS, output_format="html5")
    run_prettify_last(plain)  # whitespace only; the reader always did it
    quick = Markdown(extensions=EXTENSIONS, output_format="html5")
    quicken(quick)
    return plain, quick


def test_quicker_steps_render_tricky_texts_as_python_markdown_does():
    plain, quick = markdown_pair()
    for seed in range(1500):
        text = tricky_text(seed)
        assert quick.reset().convert(text) == plain.reset().convert(text), text


def test_quicker_steps_render_the_real_content_as_python_markdown_does():
    plain, quick = markdown_pair()
    files = sorted((ROOT / "content").rglob("*.md"))
    assert files
    for path in files:
        body = split_header(path.read_text(encoding="utf-8")).body
        assert quick.reset().convert(body) == plain.reset().convert(body), path
