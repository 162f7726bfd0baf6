"""The kind label that opens an annotation: `Context:`, `Check (misleading):`.

Pure module: imports nothing from Pelican or Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("context", "check", "term", "note")
VERDICTS = ("accurate", "misleading", "disputed", "unverified")
KINDS_WITH_SOURCES = ("context", "check")

LABEL = re.compile(r"^\s*(?P<kind>[A-Za-z][A-Za-z-]*)(?:\s*\((?P<verdict>[^()]*)\))?\s*:(?=\s|$)\s*")


@dataclass(frozen=True)
class Label:
    """What the label of one note says; `kind` is None for a note without one."""

    kind: str | None = None
    verdict: str | None = None
    written: str = ""
    length: int = 0  # characters the label takes at the start of the text
    problem: str = ""
    fix: str = ""


def parse_label(text: str) -> Label:
    """Read the label at the start of a note's text; a problem says what is wrong with it."""
    match = LABEL.match(text)
    if not match:
        return Label()
    written_kind, written_verdict = match.group("kind"), match.group("verdict")
    kind = written_kind.lower()
    verdict = written_verdict.strip().lower() if written_verdict is not None else None
    label = match.group(0).strip()
    if kind not in KINDS:
        return Label(
            None,
            None,
            label,
            0,  # an unknown label stays in the text as written
            f"Unknown annotation kind '{written_kind}'",
            f"Start the note with one of: {', '.join(k.capitalize() for k in KINDS)}, for example 'Context: ...'",
        )
    if verdict is not None and kind != "check":
        return Label(
            kind,
            None,
            label,
            match.end(),
            f"A {kind.capitalize()} note cannot carry a verdict ('{written_verdict}')",
            "Only a Check note takes a verdict: 'Check (misleading): ...'",
        )
    if verdict is not None and verdict not in VERDICTS:
        return Label(
            kind,
            None,
            label,
            match.end(),
            f"Unknown verdict '{written_verdict}' in a Check note",
            f"Use one of: {', '.join(VERDICTS)}, for example 'Check (disputed): ...'",
        )
    return Label(kind, verdict, label, match.end())
