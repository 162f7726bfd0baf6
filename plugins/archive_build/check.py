"""`invoke check`: what an editor runs before pushing.

It builds the site with --strict, lists every problem and suggestion, then runs
each gate of CHECK_STEPS on the fresh output. A step is a function
`step(output: Path) -> list[str]` returning the lines of what it found wrong
(empty when all is well); it may raise `GateSkipped` with a reason when its
tool is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archive_model.problems import ContentError

from .runner import build_site, setup_logging


class GateSkipped(Exception):
    """A gate could not run here; the message names what to install."""


# (name, "module:function") of each gate, imported only when run.
CHECK_STEPS: list[tuple[str, str]] = [
    ("links", "archive_quality.gates:links_step"),
    ("html", "archive_quality.gates:html_step"),
    ("accessibility", "archive_quality.gates:accessibility_step"),
]


def _load(target: str):
    module_name, function_name = target.split(":")
    module = __import__(module_name, fromlist=[function_name])
    return getattr(module, function_name)


def run_gates(output: Path) -> int:
    failures = 0
    for name, target in CHECK_STEPS:
        try:
            lines = _load(target)(output)
        except GateSkipped as reason:
            print(f"{name}: skipped: {reason}")
            continue
        for line in lines:
            print(f"{name}: {line}")
        print(f"{name}: {'ok' if not lines else f'{len(lines)} problem(s)'}")
        failures += bool(lines)
    return failures


def main_check(settings_file: Path, output: Path) -> int:
    setup_logging()
    try:
        result = build_site(settings_file, output=output, strict=True)
    except ContentError as error:
        for line in getattr(error, "all_lines", error.lines()):
            print(line, file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    for line in result.problems.lines(strict=True, include_suggestions=True):
        print(line)
    return 1 if run_gates(result.output) else 0
