"""Split a content file into its `Key: value` header and its Markdown body.

The header is Pelican's Markdown metadata: `Key: value` lines at the top of
the file, continuation lines indented by four spaces, ended by a blank line.
Each field keeps the line it was written on, so problems can name it.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9 _-]*?)[ \t]*:[ \t]*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?:[ ]{4,}|\t)(?P<value>.*)$")
FENCE = re.compile(r"^-{3,}\s*$")


@dataclass
class Field:
    key: str  # canonical: lower case, words joined by "_"
    written: str  # the key as the editor wrote it
    value: str
    line: int
    extra_lines: list[tuple[int, str]] = field(default_factory=list)

    def value_lines(self) -> list[tuple[int, str]]:
        """Every line of the value with its line number, blanks left out."""
        first = [(self.line, self.value)] if self.value.strip() else []
        rest = [(n, text) for n, text in self.extra_lines if text.strip()]
        return first + rest


@dataclass
class Header:
    fields: dict[str, Field]
    duplicates: list[Field]
    body: str
    body_first_line: int

    def get(self, key: str, default: str = "") -> str:
        found = self.fields.get(key)
        return found.value.strip() if found else default

    def line_of(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1


def canonical_key(written: str) -> str:
    return re.sub(r"[\s_-]+", "_", written.strip().lower())


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn Windows or old Mac line ends into \\n."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(text: str) -> Header:
    lines = normalise_text(text).split("\n")
    index = 0
    if lines and FENCE.match(lines[0]):
        index = 1
    fields: dict[str, Field] = {}
    duplicates: list[Field] = []
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            break
        if FENCE.match(line) and fields:
            index += 1
            break
        more = CONTINUATION.match(line)
        if more and current is not None:
            current.extra_lines.append((index + 1, more.group("value")))
            index += 1
            continue
        match = KEY_LINE.match(line)
        if not match:
            break
        written = match.group("key")
        current = Field(canonical_key(written), written.strip(), match.group("value"), index + 1)
        if current.key in fields:
            duplicates.append(current)
        else:
            fields[current.key] = current
        index += 1
    body = "\n".join(lines[index:])
    return Header(fields, duplicates, body, index + 1)
