"""`invoke new KIND "Title"`: a new content file from a template, never overwriting."""

from __future__ import annotations

import datetime
from pathlib import Path

from pelican.utils import slugify

FOLDERS = {
    "summary": "summaries",
    "article": "articles",
    "actor": "actors",
    "demand": "demands",
    "topic": "topics",
}

TEMPLATES = {
    "summary": """Title: {title}
Date: {date}
Status: draft
Summary: One or two sentences saying what the source says.
Topics:
Actors:
Demands:
Source: The publication
Source-URL: https://
Source-Date: {date}
Source-Author:
Source-Language: English
Positions:
    Actor | demands | Demand

## Key points

- The first thing the source says.

## Summary

Summarise the source in the archive's own words. Attribute every claim.[^first]

[^first]: Context: Explain what a reader needs to know, and link a source: [Title](https://).
""",
    "article": """Title: {title}
Date: {date}
Status: draft
Summary: One or two sentences saying what this explainer explains.
Topics:
Actors:
Demands:

## The question

Explain it in the archive's own words, with a link to a source for every fact.
""",
    "actor": """Title: {title}
Kind: person
Aliases:
Role:
Affiliation:
Wikidata:

A short, neutral profile: who this is and why they appear in the archive.
""",
    "demand": """Title: {title}
Aliases:
Made-by:
Addressed-to:
Outcome: open
Topics:

What is asked, by whom, of whom, and why it matters.
""",
    "topic": """Title: {title}
Summary: One sentence saying what the topic covers.

The overview: what a reader needs to know to follow the documents of this topic.
""",
}


class ScaffoldError(Exception):
    pass


def scaffold(content: Path, kind: str, title: str, today: datetime.date) -> Path:
    if kind not in TEMPLATES:
        raise ScaffoldError(
            f"'{kind}' is not a kind of file the archive knows. Use one of: {', '.join(sorted(TEMPLATES))}."
        )
    if not title.strip():
        raise ScaffoldError('Give a title in quotes, for example: invoke new actor "Jens Stoltenberg".')
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    path = content / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was written. Edit that file, or choose another title.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATES[kind].format(title=title.strip(), date=today.isoformat()), encoding="utf-8")
    return path
