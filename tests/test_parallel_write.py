"""Pages written by several processes (archive_parallel): the same bytes as a
build in one process, sitemap included; a child's template error, warnings and
problems reach the build; no child process is left behind.

A forked build runs in a fresh Python process: a test session may run threads
(a fixture's web server), and a process with threads builds in one process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from archive_parallel.pages import PageJob, deal
from archive_parallel.processes import Failure, portable_failure, portable_record
from conftest import PUBLISH_SETTINGS, ROOT
from jinja2 import DictLoader, Environment, TemplateSyntaxError

from bench.synthetic import Shape, write_archive

SITEURL = "https://example.org/archive"

# Builds the archive in this fresh process; each page-writing child is counted; a probe in
# the `archive_page_meta` template global (called by every page) can fail, warn
# or report a problem in the forked children only.
BUILD = """
import json, logging, os, sys
sys.path.insert(0, {plugins!r})
import archive_publish
from archive_build.runner import build_site
from archive_model.problems import ContentError, Problem, STRICT
from archive_parallel import processes
from jinja2 import pass_context

mode, content, output, workers = sys.argv[1:5]
forks, in_child = [], []
real_fork, real_run_child, real_meta = processes.Child.fork, processes.run_child, archive_publish.page_meta

def counting_fork(*args):
    child = real_fork(*args)
    forks.append(child.pid)
    return child

def marked_run_child(*args):
    in_child.append(True)
    real_run_child(*args)

@pass_context
def probe(context):
    page = context.get("output_file")
    if in_child and mode == "fail":
        raise ValueError(f"The probe failed on {{page}}")
    if in_child and mode == "warn":
        logging.getLogger("archive_probe").warning("A child wrote %s", page)
        context["ARCHIVE_PROBLEM_LOG"].add(Problem(page, 1, "A child reported this page", "", STRICT))
    return real_meta(context)

processes.Child.fork = counting_fork
processes.run_child = marked_run_child
archive_publish.page_meta = probe
report = {{}}
try:
    result = build_site({settings!r}, content=content, output=output, strict=False,
                        overrides={{"ARCHIVE_WORKERS": int(workers), "SEARCH_INDEX": False}})
    report["warnings"] = result.warnings()
except Exception as error:
    report["error"] = [type(error).__name__, str(error)]
try:
    os.waitpid(-1, os.WNOHANG)
    report["children_left"] = True
except ChildProcessError:
    report["children_left"] = False
report["forks"] = len(forks)
print(json.dumps(report))
"""


def build_in_fresh_process(mode: str, content: Path, output: Path, workers: int) -> dict:
    script = BUILD.format(plugins=str(ROOT / "plugins"), settings=str(PUBLISH_SETTINGS))
    env = {**os.environ, "SITEURL": SITEURL}
    completed = subprocess.run(
        [sys.executable, "-c", script, mode, str(content), str(output), str(workers)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def file_hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    write_archive(content, Shape(documents=60, actors=20, demands=8, topics=4))
    return content


def test_two_processes_write_the_same_bytes_as_one(synthetic, tmp_path):
    serial = build_in_fresh_process("plain", synthetic, tmp_path / "serial", 1)
    parallel = build_in_fresh_process("plain", synthetic, tmp_path / "parallel", 2)
    assert (serial["forks"], parallel["forks"]) == (0, 1)
    assert serial["warnings"] == parallel["warnings"] == []
    assert not parallel["children_left"]
    serial_files, parallel_files = file_hashes(tmp_path / "serial"), file_hashes(tmp_path / "parallel")
    assert "sitemap.xml" in parallel_files
    assert len(parallel_files) > 100
    assert parallel_files == serial_files


def test_a_template_error_in_a_child_fails_the_build_with_its_message(synthetic, tmp_path, monkeypatch):
    parallel = build_in_fresh_process("fail", synthetic, tmp_path / "parallel", 2)
    assert parallel["forks"] == 1
    assert not parallel["children_left"]
    kind, message = parallel["error"]
    assert kind == "ValueError"
    assert message.startswith("The probe failed on ")
    assert not (tmp_path / "parallel").exists()  # a failed build leaves no output

    # the same page failing in a build in one process gives the same message
    from jinja2 import pass_context  # noqa: PLC0415

    import archive_publish  # noqa: PLC0415
    from archive_build.runner import build_site  # noqa: PLC0415

    failing_page = message.removeprefix("The probe failed on ")
    real_meta = archive_publish.page_meta

    @pass_context
    def probe(context):
        if context.get("output_file") == failing_page:
            raise ValueError(f"The probe failed on {failing_page}")
        return real_meta(context)

    monkeypatch.setattr(archive_publish, "page_meta", probe)
    monkeypatch.setenv("SITEURL", SITEURL)
    with pytest.raises(ValueError) as serial_error:
        build_site(
            PUBLISH_SETTINGS,
            content=synthetic,
            output=tmp_path / "serial",
            overrides={"ARCHIVE_WORKERS": 1, "SEARCH_INDEX": False},
        )
    assert str(serial_error.value) == message


def test_warnings_and_problems_of_a_child_reach_the_build(synthetic, tmp_path):
    parallel = build_in_fresh_process("warn", synthetic, tmp_path / "parallel", 2)
    assert parallel["forks"] == 1
    assert not parallel["children_left"]
    logged = [line for line in parallel["warnings"] if "archive_probe: A child wrote " in line]
    reported = [line for line in parallel["warnings"] if "A child reported this page" in line]
    # about half of the pages are written by the child, each warned about once
    pages = len([name for name in file_hashes(tmp_path / "parallel") if name.endswith(".html")])
    assert pages / 3 < len(logged) < pages * 2 / 3
    assert len(reported) == len(logged)
    assert all(line.startswith("(build): warning:") for line in logged)


def job(destination: str) -> PageJob:
    return PageJob(
        template=None, base={}, changes={}, shared={}, siteurl=None, path=destination, destination=destination
    )


def test_pages_are_dealt_round_robin_and_a_file_written_twice_stays_in_one_share():
    jobs = [job(f"page-{number}.html") for number in range(5)] + [job("page-0.html"), job(os.devnull)]
    shares = deal(jobs, 2)
    assert [[index for index, _ in share] for share in shares] == [[0, 2, 4, 5, 6], [1, 3]]
    assert [index for index, _ in deal(jobs, 1)[0]] == list(range(7))


def through_the_pipe(error: BaseException) -> BaseException:
    return pickle.loads(pickle.dumps(portable_failure(Failure(3, error)))).restored().error


def test_an_error_survives_the_pipe_with_its_type_and_message():
    templates = Environment(loader=DictLoader({"page.html": '{% include "broken.html" %}', "broken.html": "{% if %}"}))
    try:
        templates.get_template("page.html").render()
    except TemplateSyntaxError as error:
        syntax_error = error
    copy = through_the_pipe(syntax_error)
    assert (type(copy), str(copy)) == (TemplateSyntaxError, str(syntax_error))
    assert "Traceback" in copy.__notes__[0]

    class TwoArguments(Exception):
        def __init__(self, first, second):
            super().__init__(first)
            self.second = second

    copy = through_the_pipe(TwoArguments("first", "second"))
    assert (type(copy), str(copy)) == (RuntimeError, "TwoArguments: first")


def test_a_log_record_survives_the_pipe():
    try:
        raise KeyError("missing")
    except KeyError:
        record = logging.LogRecord("x", logging.WARNING, "f.py", 1, "Value %s", (lambda: None,), sys.exc_info())
    fields = pickle.loads(pickle.dumps(portable_record(record)))
    assert fields["msg"].startswith("Value <function ")
    assert fields["exc_info"][0] is KeyError
    assert "KeyError: 'missing'" in fields["exc_text"]


def test_the_writer_plans_through_pelicans_checks_and_signals_after_writing(tmp_path):
    from archive_parallel.writer import ParallelWriter  # noqa: PLC0415
    from pelican import signals  # noqa: PLC0415
    from pelican.writers import FileOverwriteFailedError  # noqa: PLC0415

    settings = {"RELATIVE_URLS": True, "PAGINATED_TEMPLATES": {}, "ARCHIVE_WORKERS": 1}
    writer = ParallelWriter(str(tmp_path), settings=settings)
    writer.deferring = True
    template = Environment().from_string("{{ SITEURL }} {{ output_file }} {{ number }}")
    context = {"SITEURL": "", "localsiteurl": ""}
    written = []

    def record(path, context):
        written.append((Path(path).relative_to(tmp_path).as_posix(), Path(path).read_text(encoding="utf-8")))

    signals.content_written.connect(record)
    try:
        writer.write_file("a/b/index.html", template, context, relative_urls=True, number=1)
        writer.write_file("c.html", template, context, relative_urls=True, number=2)
        with pytest.raises(FileOverwriteFailedError):
            writer.write_file("c.html", template, context, relative_urls=True, number=3)
        assert written == []
        writer.write_pending()
    finally:
        signals.content_written.disconnect(record)
    assert written == [("a/b/index.html", "../.. a/b/index.html 1"), ("c.html", ". c.html 2")]
    assert context["localsiteurl"] == "."  # as a serial build leaves it
