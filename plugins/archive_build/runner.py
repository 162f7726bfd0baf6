"""Build the site in-process: fresh folder, problems reported, swap on success.

Used by `tasks.py`, the tests and the benchmark. A failed build leaves the
previous output folder untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive_model.problems import ContentError, ProblemLog

logger = logging.getLogger(__name__)


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


def run_pelican(settings: dict) -> None:
    from pelican import Pelican  # noqa: PLC0415

    Pelican(settings).run()


def build_site(
    settings_file="pelicanconf.py",
    *,
    content=None,
    output=None,
    strict=False,
    overrides=None,
    swap=True,
) -> BuildResult:
    """Build into a fresh folder beside `output`, then swap it in.

    Raises ContentError, with every fatal problem, when the content is wrong.
    """
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
        run_pelican(settings)
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
    """Pelican's log lines on stderr, warnings and worse unless verbose."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
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
    for line in result.warnings():
        print(line, file=sys.stderr)
    return 0
