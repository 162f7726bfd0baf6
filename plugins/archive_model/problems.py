"""Problems found in content, reported to editors as sentences.

A problem says what is wrong, where (file and line) and how to fix it.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ERROR = "error"  # always stops the build
STRICT = "strict"  # stops the build with --strict, a warning without it
SUGGESTION = "suggestion"  # shown by `invoke check`, never stops a build

SEVERITIES = (ERROR, STRICT, SUGGESTION)
LINE_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of the content."""

    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = ERROR

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def is_fatal(self, strict: bool) -> bool:
        return self.severity == ERROR or (strict and self.severity == STRICT)

    def label(self, strict: bool) -> str:
        if self.severity == SUGGESTION:
            return "suggestion"
        return "error" if self.is_fatal(strict) else "warning"

    def format(self, strict: bool = False) -> str:
        """One line: `path:line: error: what is wrong. How to fix it.`"""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = self.label(strict)
        text = _sentence(self.message)
        if self.fix:
            text = f"{text} {_sentence(self.fix)}"
        return f"{where}: {label}: {text}"


def _sentence(text: str) -> str:
    text = LINE_BREAKS.sub(" / ", text.strip())  # a value written on two lines stays on one report line
    if text and text[-1] not in ".!?":
        text += "."
    return text


@dataclass
class ProblemLog:
    """Collects the problems of one build; one log per build, never global."""

    problems: set[Problem] = field(default_factory=set)

    def add(self, problem: Problem) -> None:
        self.problems.add(problem)

    def report(self, path, line, message, fix="", severity=ERROR) -> None:
        self.add(Problem(str(path), int(line or 0), message, fix, severity))

    def extend(self, problems) -> None:
        for problem in problems:
            self.add(problem)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems)

    def fatal(self, strict: bool) -> list[Problem]:
        return [p for p in self.sorted() if p.is_fatal(strict)]

    def lines(self, strict: bool, include_suggestions: bool = False) -> list[str]:
        return [p.format(strict) for p in self.sorted() if include_suggestions or p.severity != SUGGESTION]


class BuildStopped(Exception):
    """Raised inside Pelican's run when fatal problems are known before writing;
    the runner turns it into a ContentError."""


class ContentError(Exception):
    """Raised when a build must stop; carries every fatal problem."""

    def __init__(self, problems: list[Problem], strict: bool):
        self.problems = problems
        self.strict = strict
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The build stopped: {count} {noun} in the content.")

    def lines(self) -> list[str]:
        return [p.format(self.strict) for p in self.problems]
