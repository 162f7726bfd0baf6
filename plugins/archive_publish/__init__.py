"""Publishing: head metadata for every page, sitemap.xml, robots.txt, .nojekyll.

Settings (publishconf.py turns them on): ARCHIVE_CANONICAL_URLS adds canonical
links, ARCHIVE_SITEMAP writes sitemap.xml and names it in robots.txt. Both need
an absolute SITEURL. Pages written during the build are recorded per build in
settings["ARCHIVE_PUBLISH_PAGES"] ({output file: last change}).
"""

import logging
from pathlib import Path

from pelican import signals

from .meta import is_absolute, iso_day, main_item, page_meta
from .site_files import robots_txt, sitemap_xml

logger = logging.getLogger(__name__)
PAGES_KEY = "ARCHIVE_PUBLISH_PAGES"


def prepare(pelican):
    settings = pelican.settings
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "archive_page_meta": page_meta}
    settings[PAGES_KEY] = {}


def record_page(path, context):
    pages = context.get(PAGES_KEY)
    output_file = context.get("output_file", "")
    if pages is None or not output_file.endswith(".html"):
        return
    item = main_item(context)
    last_change = getattr(item, "modified", None) or getattr(item, "date", None)
    pages[output_file] = iso_day(last_change)


def write_site_files(pelican):
    settings = pelican.settings
    output = Path(pelican.output_path)
    (output / ".nojekyll").write_text("", encoding="utf-8")
    site_url = settings.get("SITEURL", "")
    sitemap_url = ""
    if settings.get("ARCHIVE_SITEMAP"):
        if is_absolute(site_url):
            sitemap_url = f"{site_url.rstrip('/')}/sitemap.xml"
            text = sitemap_xml(site_url, settings.get(PAGES_KEY, {}))
            (output / "sitemap.xml").write_text(text, encoding="utf-8")
        else:
            logger.warning("archive_publish: no sitemap.xml: set SITEURL to the site's full address (https://...)")
    (output / "robots.txt").write_text(robots_txt(sitemap_url), encoding="utf-8")


def register():
    signals.initialized.connect(prepare)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_site_files)
