"""Build the site in-process: fresh folder, problems reported, swap on success.

Used by `tasks.py`, the tests and the benchmark. A failed build leaves the
previous output folder untouched.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from archive_model.problems import ERROR, STRICT, BuildStopped, ContentError, Problem, ProblemLog

logger = logging.getLogger(__name__)

# Pelican's warnings that an archive problem already reports in its own words
EXPLAINED_BY_ARCHIVE = (
    "There are %s items",  # two files with one slug: archive_model.files
    "There are %s original (not translated) items",
    "Unable to find '%s', skipping url replacement.",  # a link to no file: archive_model.files
    "Cannot get modification stamp for %s",  # the same, for a {static} link
)


@dataclass
class BuildResult:
    output: Path
    problems: ProblemLog
    strict: bool
    timings: dict  # seconds per named step, recorded by plugins in settings["ARCHIVE_TIMINGS"]

    def warnings(self) -> list[str]:
        return self.problems.lines(self.strict)


def load_settings(settings_file, overrides=None) -> dict:
    from pelican.settings import read_settings  # noqa: PLC0415

    return read_settings(str(settings_file), override=dict(overrides or {}))


M_ARENA_MAX = -8  # glibc's malloc.h


def share_one_malloc_arena() -> None:
    """glibc gives each thread that allocates its own heap (arena), and memory
    freed in one is not reused by another: the search step's threads (Pagefind's
    answers, the records) then add their whole peak on top of what the build
    already holds. One arena for every thread keeps the process's peak near what
    it holds at once. Nothing changes where the C library is not glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 1)


# rendered texts Pelican keeps while building: a page asks for a few, each for
# its own relative links, and hardly any is asked for again by another page
RENDERED_TEXTS_KEPT = 64


def run_pelican(settings: dict, pelican_class=None) -> None:
    from pelican import Pelican  # noqa: PLC0415

    try:
        with rendered_texts_kept(RENDERED_TEXTS_KEPT):
            (pelican_class or Pelican)(settings).run()
    finally:
        forget_rendered_content()


class RecentEntries(dict):
    """A dict that forgets its oldest entry once it holds more than `size`."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if len(self) > self.size:
            with suppress(KeyError, RuntimeError, StopIteration):  # another thread changed it meanwhile
                del self[next(iter(self))]


@contextmanager
def rendered_texts_kept(size: int):
    """Pelican memoizes `Content.get_content(siteurl)`: a copy of every document's
    HTML for every `siteurl` it was asked with (the search records' one, each
    page's own), kept until the build ends, though a page's relative links make
    each copy useful to about one page. During the block the memo keeps the last
    `size` texts."""
    from pelican.contents import Content  # noqa: PLC0415

    memo = vars(Content)["get_content"]
    previous = memo.cache
    memo.cache = RecentEntries(size)
    try:
        yield
    finally:
        memo.cache = previous


def forget_rendered_content() -> None:
    """Pelican memoizes every document's rendered content and summary in caches
    that all builds of a process share: without this, a livereload session or a
    test run keeps every earlier build's documents in memory."""
    from pelican.contents import Content  # noqa: PLC0415

    Content.get_content.cache.clear()
    Content.get_summary.cache.clear()


def build_site(
    settings_file="pelicanconf.py",
    *,
    content=None,
    output=None,
    strict=False,
    overrides=None,
    swap=True,
    pelican_class=None,
) -> BuildResult:
    """Build into a fresh folder beside `output`, then swap it in.

    Raises ContentError, with every fatal problem, when the content is wrong.
    """
    share_one_malloc_arena()
    overrides = dict(overrides or {})
    if content is not None:
        overrides["PATH"] = str(Path(content).resolve())
    settings = load_settings(settings_file, overrides)
    final_output = Path(output or settings["OUTPUT_PATH"]).resolve()
    log = ProblemLog()
    settings["ARCHIVE_PROBLEM_LOG"] = log
    settings["ARCHIVE_STRICT"] = strict
    timings: dict[str, float] = {}
    settings["ARCHIVE_TIMINGS"] = timings
    target = final_output
    if swap:
        final_output.parent.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(prefix=f".{final_output.name}-", dir=final_output.parent))
    settings["OUTPUT_PATH"] = str(target)
    try:
        with capture_log(settings["PATH"]) as captured, suppress(BuildStopped):
            run_pelican(settings, pelican_class)
        log.extend(captured.problems())
        fatal = log.fatal(strict)
        if fatal:
            error = ContentError(fatal, strict)
            error.all_lines = log.lines(strict)
            raise error
    except BaseException:
        if swap:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if swap:
        swap_in(target, final_output)
    return BuildResult(final_output, log, strict, timings)


class LogCapture(logging.Handler):
    """Keeps what Pelican and plugins log during one build, to report it as problems."""

    def __init__(self, content_path):
        super().__init__(logging.WARNING)
        self.content_path = str(content_path).rstrip(os.sep) + os.sep
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def problems(self) -> list[Problem]:
        return [self.as_problem(r) for r in self.records if not str(r.msg).startswith(EXPLAINED_BY_ARCHIVE)]

    def as_problem(self, record) -> Problem:
        message = record.getMessage().strip()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        path = "(build)"
        if self.content_path in message:
            after = message.split(self.content_path, 1)[1]
            path = after.split()[0].strip("\"'(),.:;") if after.split() else path
            message = message.replace(self.content_path, "")
        first_line = " ".join(message.split())
        severity = ERROR if record.levelno >= logging.ERROR else STRICT
        fix = "Pelican itself reported this; run 'invoke build --verbose' to see it in context"
        return Problem(path, 0, f"{record.name}: {first_line}", fix, severity)


@contextmanager
def capture_log(content_path):
    """Collect warnings and errors logged while the block runs, every one of them:
    Pelican's own filter drops a message it has seen in an earlier build of this process."""
    from pelican.log import LimitFilter  # noqa: PLC0415

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = LogCapture(content_path)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(min(previous_level or logging.WARNING, logging.WARNING))
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


def swap_in(fresh: Path, final: Path) -> None:
    """Replace `final` by `fresh` with two renames, so readers never see half a site."""
    fresh.chmod(0o755)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-old-{os.getpid()}")
        final.rename(old)
    fresh.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def setup_logging(verbose=False) -> None:
    """Pelican's own log lines on stderr only when verbose: otherwise each
    warning reaches the editor once, as a problem line of the archive."""
    handler = logging.StreamHandler(sys.stderr) if verbose else logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def main_build(settings_file, *, output=None, strict=False, content=None, verbose=False) -> int:
    """What `invoke build` runs: print problems as lines; 0 when the build succeeded."""
    setup_logging(verbose)
    try:
        result = build_site(settings_file, output=output, strict=strict, content=content)
    except ContentError as error:
        for line in getattr(error, "all_lines", error.lines()):
            print(line, file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    except Exception as error:
        if verbose:
            raise
        print(
            f"The build failed: {type(error).__name__}: {error}. This is a fault in the site's code or theme, "
            "not in the content; run 'invoke build --verbose' to see where.",
            file=sys.stderr,
        )
        return 2
    for line in result.warnings():
        print(line, file=sys.stderr)
    return 0
