"""`invoke import-source PATH`: a draft summary from a saved web page or a text copy.

Not a Pelican plugin: `page` reads the source, `draft` writes the file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .draft import ImportStopped, draft_text, load_registry, slugify, write_draft
from .page import UnreadablePage, read_source

__all__ = ["ImportStopped", "import_source"]


def import_source(source: Path, content: Path, today: datetime.date) -> Path:
    """Write content/summaries/<slug>.md with `Status: draft`; returns its path.

    Raises ImportStopped, and writes nothing, when the source cannot be read.
    """
    source = Path(source)
    if not source.is_file():
        raise ImportStopped(f"{source} is not a file; give the path of a saved page (.html) or a text copy (.txt).")
    try:
        page = read_source(source.name, source.read_bytes())
    except UnreadablePage as error:
        raise ImportStopped(str(error)) from None
    if not page.title:
        page.title = source.stem.replace("-", " ").replace("_", " ").strip() or "Imported source"
    text = draft_text(page, load_registry(content), source.name, today)
    return write_draft(content / "summaries", slugify(page.title), text)
