"""The bad-input corpus (tests/bad_input/): every case builds with --strict and
prints exactly its expected lines; good cases build with no warning and lose
nothing. A few cases also go through the real `invoke build --strict`."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive_build.runner import build_site
from archive_model.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
CORPUS = Path(__file__).resolve().parent / "bad_input"
BASE = CORPUS / "base"
# path[:line]: error: what is wrong. How to fix it.
PROBLEM_LINE = re.compile(r"^(?P<path>[\w./-]+?)(?::(?P<line>\d+))?: error: (?P<what>.+?[.?]) (?P<fix>\S.*[.?])$")


@dataclass
class Case:
    name: str
    folder: Path
    expected: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    grow: dict[str, int] = field(default_factory=dict)

    def make_tree(self, root: Path) -> Path:
        """The base tree with this case's files laid over it, under root/content."""
        content = root / "content"
        shutil.copytree(BASE, content)
        shutil.copytree(self.folder / "content", content, dirs_exist_ok=True)
        for relative, size in self.grow.items():
            grow_file(content / relative, size)
        return content


def load_case(folder: Path) -> Case:
    case = Case(folder.name, folder)
    for line in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("! page "):
            url, title = line[len("! page ") :].split(" ", 1)
            case.pages[url] = title
        elif line.startswith("! grow "):
            path, size = line[len("! grow ") :].split()
            case.grow[path] = int(size)
        elif line.strip() and not line.startswith("#"):
            case.expected.append(line)
    return case


def grow_file(path: Path, size: int) -> None:
    """Repeat the body of a Markdown file until the file has `size` bytes."""
    header, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    paragraph = body.strip() + "\n\n"
    repeats = (size - len(header)) // len(paragraph.encode()) + 1
    path.write_text(f"{header}\n\n{paragraph * repeats}", encoding="utf-8")
    assert path.stat().st_size >= size


CASES = [load_case(folder) for folder in sorted((CORPUS / "cases").iterdir()) if folder.is_dir()]
BAD_CASES = [case for case in CASES if case.expected]


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len(BAD_CASES) >= 30


def test_the_base_tree_builds_with_no_problem(tmp_path):
    result = build_site(SETTINGS, content=BASE, output=tmp_path / "output", strict=True)
    assert result.warnings() == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_prints_exactly_its_expected_lines(case, tmp_path):
    content = case.make_tree(tmp_path)
    output = tmp_path / "output"
    if not case.expected:
        result = build_site(SETTINGS, content=content, output=output, strict=True)
        assert result.warnings() == []
        for url, title in case.pages.items():
            page = BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")
            assert page.h1.get_text(strip=True) == title
        return
    with pytest.raises(ContentError) as stopped:
        build_site(SETTINGS, content=content, output=output, strict=True)
    assert stopped.value.all_lines == case.expected
    assert not output.exists(), "a failed build must not leave an output folder"


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.name for case in BAD_CASES])
def test_every_expected_line_names_file_line_and_fix(case, tmp_path):
    content = case.make_tree(tmp_path)
    for line in case.expected:
        parsed = PROBLEM_LINE.match(line)
        assert parsed, f"not 'path:line: error: what. How to fix.': {line}"
        path = content / parsed["path"]
        assert path.is_file(), f"{line} names no file of the case"
        if parsed["line"]:
            assert 1 <= int(parsed["line"]) <= len(path.read_bytes().splitlines()) + 1, line


# --- the real command, in a copy of the project -----------------------------

COMMAND_CASES = ["01-missing-title", "07-unknown-kind", "18-duplicate-slug", "21-not-utf8", "34-every-problem-listed"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project (settings and tasks copied, plugins and theme linked)
    whose content/ a test replaces, built once with the good base tree."""
    root = tmp_path_factory.mktemp("project")
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("plugins", "themes"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(BASE, root / "content")
    completed = invoke_build(root)
    assert completed.returncode == 0, completed.stderr
    return root


def invoke_build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "invoke", "build", "--strict"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120, env=env, check=False)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("name", COMMAND_CASES)
def test_invoke_build_strict_exits_non_zero_with_the_lines_and_keeps_the_last_good_output(project, name, tmp_path):
    case = next(case for case in CASES if case.name == name)
    good_output = tree_digest(project / "output")
    assert good_output, "the good build wrote pages"
    shutil.rmtree(project / "content")
    shutil.copytree(case.make_tree(tmp_path), project / "content")
    try:
        completed = invoke_build(project)
    finally:
        shutil.rmtree(project / "content")
        shutil.copytree(BASE, project / "content")
    noun = "problem" if len(case.expected) == 1 else "problems"
    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [
        *case.expected,
        f"The build stopped: {len(case.expected)} {noun} in the content.",
    ]
    assert "Traceback" not in completed.stdout + completed.stderr
    assert tree_digest(project / "output") == good_output, "the last good output/ must stay as it was"
    assert not [p.name for p in project.iterdir() if p.name.startswith(".output-")], "no half-built folder is left"


# --- Pelican's own log lines --------------------------------------------------


def test_pelicans_warnings_become_problem_lines_naming_the_file_in_every_build(tmp_path):
    from archive_build.runner import capture_log

    pelican_logger = logging.getLogger("pelican.generators")
    for _ in range(2):  # Pelican's own filter would drop the second: each build reports it again
        with capture_log(tmp_path) as captured:
            pelican_logger.warning("Could not process %s\n%s", tmp_path / "articles" / "x.md", "it broke")
            pelican_logger.warning("There are %s items %s with lang %s", 2, "with slug x", "en")
        assert [problem.format(strict=True) for problem in captured.problems()] == [
            "articles/x.md: error: pelican.generators: Could not process articles/x.md it broke. "
            "Pelican itself reported this; run 'invoke build --verbose' to see it in context."
        ]


def test_a_fault_in_the_code_is_one_line_that_says_it_is_not_the_contents(monkeypatch, capsys, tmp_path):
    from archive_build import runner

    def broken_theme(settings, pelican_class=None):
        raise RuntimeError("the template has a bug")

    monkeypatch.setattr(runner, "run_pelican", broken_theme)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))  # main_build sets up the command's logging
    level = root.level
    try:
        assert runner.main_build(SETTINGS, content=BASE, output=tmp_path / "output") == 2
        with pytest.raises(RuntimeError):
            runner.main_build(SETTINGS, content=BASE, output=tmp_path / "output", verbose=True)
    finally:
        root.setLevel(level)
    printed = capsys.readouterr().err.splitlines()
    assert printed == [
        "The build failed: RuntimeError: the template has a bug. This is a fault in the site's code or theme, "
        "not in the content; run 'invoke build --verbose' to see where."
    ]
    assert not (tmp_path / "output").exists()
