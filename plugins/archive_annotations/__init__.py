"""Annotated summaries: the annotations Markdown extension and the summary page's parts.

At `initialized` it adds the extension to the Markdown settings the archive
reader builds its Markdown instance from, and the `summary_parts` filter to
the templates.
"""

from pelican import signals

from .sections import summary_parts

EXTENSION = "archive_annotations.extension"


def add_markdown_extension(pelican):
    settings = pelican.settings
    markdown = dict(settings.get("MARKDOWN", {}))
    extensions = list(markdown.get("extensions", []))
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    markdown["extensions"] = extensions
    settings["MARKDOWN"] = markdown
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "summary_parts": summary_parts}


def register():
    signals.initialized.connect(add_markdown_extension)
