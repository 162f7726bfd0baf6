"""Find the names of actors and demands in plain text.

One Aho-Corasick automaton holds every name, so the cost of a search grows
with the length of the text, not with the number of names. Rules:

- whole words only ("NATO" is not found in "NATOs" but is in "NATO's");
- the longest match wins ("Russia-NATO Council" over "NATO" and "Russia");
- a name in capitals ("NATO") or of three letters or fewer ("US") matches only
  as written; every other name matches in any case;
- dashes and hyphens are one character, as are straight and curly apostrophes.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

import ahocorasick

SHORT_FORM_LENGTH = 3
# length-preserving: every variant becomes one plain character
_SAME_CHARACTER = (
    *((dash, "-") for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"),
    *((quote, "'") for quote in "\u2018\u2019\u02bc"),
    *((space, " ") for space in "\u00a0\u202f\t\n\r"),
)


_SPACE_RUN = re.compile(r" {2,}")


class SpaceRuns:
    """The text with runs of spaces squeezed to one, and the way back to the
    original offsets ("NATO-Russia\n  Council" as written over two lines)."""

    def __init__(self, text: str):
        self.starts: list[int] = []  # squeezed offset where each run begins
        self.removed: list[int] = []  # characters removed up to and including that run
        pieces, previous, removed = [], 0, 0
        for run in _SPACE_RUN.finditer(text):
            pieces.append(text[previous : run.start() + 1])
            self.starts.append(run.start() - removed)
            removed += run.end() - run.start() - 1
            self.removed.append(removed)
            previous = run.end()
        pieces.append(text[previous:])
        self.text = "".join(pieces) if self.starts else text

    def original(self, offset: int) -> int:
        """The original offset of a character of the squeezed text."""
        before = bisect.bisect_left(self.starts, offset)
        return offset + (self.removed[before - 1] if before else 0)


def normalise(text: str) -> str:
    """The text with dashes, apostrophes and spaces made one each; same length."""
    for variant, plain in _SAME_CHARACTER:
        if variant in text:
            text = text.replace(variant, plain)
    return text


def lower_same_length(text: str) -> str:
    """Lower case, keeping every character where it was (for offsets)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def clean_name(name: str) -> str:
    return " ".join(normalise(name).split())


def is_case_sensitive(name: str) -> bool:
    """Capitals ("NATO") and short forms ("US") match only as written."""
    letters = [c for c in name if c.isalpha()]
    compact = name.replace(" ", "")
    return len(compact) <= SHORT_FORM_LENGTH or (bool(letters) and all(c.isupper() for c in letters))


def is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


class Match(NamedTuple):
    start: int
    end: int
    key: object


class MentionMatcher:
    """Every name of every entity in one automaton: `find(text)` -> matches."""

    def __init__(self, names):
        """`names`: (name, key) pairs; a key is anything that names an entity."""
        options: dict[str, list[tuple[str | None, object]]] = {}
        for name, key in names:
            cleaned = clean_name(name)
            if not cleaned:
                continue
            exact = cleaned if is_case_sensitive(cleaned) else None
            found = options.setdefault(lower_same_length(cleaned), [])
            if (exact, key) not in found:
                found.append((exact, key))
        self._automaton = ahocorasick.Automaton()
        for folded, found in options.items():
            self._automaton.add_word(folded, (len(folded), tuple(found)))
        self.size = len(options)
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Whole-word, non-overlapping matches, longest first, in text order."""
        if not self.size or not text:
            return []
        runs = SpaceRuns(normalise(text))
        written = runs.text
        folded = lower_same_length(written)
        candidates = []
        for last, (length, found) in self._automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            if not self._whole_word(folded, start, end):
                continue
            key = self._choose(found, written[start:end])
            if key is not None:
                candidates.append(Match(start, end, key))
        matches = self._longest_first(candidates)
        if runs.starts:
            matches = [Match(runs.original(m.start), runs.original(m.end - 1) + 1, m.key) for m in matches]
        return matches

    @staticmethod
    def _whole_word(text: str, start: int, end: int) -> bool:
        before = start == 0 or not is_word_character(text[start - 1])
        after = end == len(text) or not is_word_character(text[end])
        return before and after

    @staticmethod
    def _choose(found, written: str):
        for exact, key in found:
            if exact is None or exact == written:
                return key
        return None

    @staticmethod
    def _longest_first(candidates: list[Match]) -> list[Match]:
        if all(a.end <= b.start for a, b in zip(candidates, candidates[1:], strict=False)):
            return candidates  # the usual case: nothing overlaps
        taken: list[Match] = []
        occupied: set[int] = set()
        for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
            span = range(match.start, match.end)
            if occupied.isdisjoint(span):
                taken.append(match)
                occupied.update(span)
        return sorted(taken, key=lambda m: m.start)
