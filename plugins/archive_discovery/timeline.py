"""The timeline: dated documents and recorded positions, by year and month.

A document is placed on the day it speaks for (its source's date, else its own
date); a position on the day of the document that records it. Pure module.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from archive_entities.index import document_day

DOCUMENT = "document"
POSITION = "position"
KIND_ORDER = {DOCUMENT: 0, POSITION: 1}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: a document, or a position a document records."""

    day: datetime.date
    kind: str
    document: object
    position: object = None

    @property
    def tie_break(self) -> tuple:
        position = self.position
        names = (position.actor.slug, position.stance, position.demand.slug) if position else ()
        return (KIND_ORDER[self.kind], self.document.slug, names)


@dataclass
class Month:
    year: int
    month: int
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def anchor(self) -> str:
        return f"m-{self.year}-{self.month:02d}"


@dataclass
class Year:
    year: int
    months: list[Month] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(month.entries) for month in self.months)


def timeline_entries(documents, positions) -> list[TimelineEntry]:
    """Every document and position as entries, newest day first."""
    entries = [TimelineEntry(document_day(d), DOCUMENT, d) for d in documents]
    entries += [TimelineEntry(p.date, POSITION, p.document, p) for p in positions]
    entries.sort(key=lambda entry: entry.tie_break)
    entries.sort(key=lambda entry: entry.day, reverse=True)
    return entries


def group_by_month(entries: list[TimelineEntry]) -> list[Year]:
    """Entries (already newest first) grouped into years and months, newest first."""
    years: list[Year] = []
    for entry in entries:
        if not years or years[-1].year != entry.day.year:
            years.append(Year(entry.day.year))
        months = years[-1].months
        if not months or months[-1].month != entry.day.month:
            months.append(Month(entry.day.year, entry.day.month))
        months[-1].entries.append(entry)
    return years


def months_between(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    """Every (year, month) from first's month to last's month, in order."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def documents_per_month(documents) -> list[tuple[int, int, int]]:
    """(year, month, count) for every month from the first document's to the last's,
    months without documents included, oldest first."""
    days = [document_day(d) for d in documents]
    if not days:
        return []
    counts: dict[tuple[int, int], int] = {}
    for day in days:
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
    return [(year, month, counts.get((year, month), 0)) for year, month in months_between(min(days), max(days))]
