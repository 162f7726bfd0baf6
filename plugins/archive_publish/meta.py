"""What `partials/head_meta.html` shows: canonical URL, Open Graph, JSON-LD.

`page_meta` is a Jinja global; it reads the page's own template context (the
document, entity or page being written, SITEURL, output_file) and hands the
plain values to the pure `jsonld` and `site_files` modules.
"""

from __future__ import annotations

import datetime

from jinja2 import pass_context
from markupsafe import Markup

from . import jsonld
from .site_files import absolute_url

DOCUMENT_TYPES = ("article", "summary")
DESCRIPTION_LIMIT = 300


def is_absolute(site_url: str) -> bool:
    return site_url.startswith(("http://", "https://"))


def plain_text(html) -> str:
    return " ".join(Markup(html or "").striptags().split())


def one_line(text) -> str:
    """Metadata is text, never HTML: only its spacing is tidied."""
    return " ".join(str(text or "").split())


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def iso_day(value) -> str:
    """YYYY-MM-DD of a date or datetime (Pelican's dates format slowly through strftime)."""
    return datetime.date.isoformat(value) if value else ""


def main_item(context):
    """The document, entity or page this page is about; None on list pages."""
    for key in ("article", "entity", "page"):
        item = context.get(key)
        if item is not None and hasattr(item, "title"):
            return item
    return None


def item_url(context, site_url: str, item) -> str:
    if not is_absolute(site_url):
        return ""
    if item is not None and getattr(item, "save_as", ""):
        return absolute_url(site_url, item.save_as)
    return absolute_url(site_url, context.get("output_file", ""))


def description_of(context, item) -> str:
    if item is None:
        return context.get("SITE_DESCRIPTION", "")
    text = plain_text(getattr(item, "summary", "") or getattr(item, "content", ""))
    return shorten(text) or context.get("SITE_DESCRIPTION", "")


def title_of(context, item) -> str:
    if item is not None:
        return one_line(item.title)
    if context.get("output_file") == "404.html":
        return "Page not found"
    page_name = context.get("page_name") or ""
    if page_name and page_name != "index":
        return page_name.replace("_", " ").capitalize()
    return context.get("SITENAME", "")


def structured_data(context, item, url: str, description: str):
    site_url = context.get("SITEURL", "")
    language = context.get("DEFAULT_LANG", "")
    doc_type = getattr(item, "doc_type", "") or getattr(item, "kind", "")
    if item is None:
        if context.get("output_file") != "index.html":
            return None
        home = f"{site_url.rstrip('/')}/" if is_absolute(site_url) else ""
        search = context.get("SEARCH_URL", "search/") if "search" in context.get("DIRECT_TEMPLATES", ()) else ""
        search_url = f"{home}{search}?q={{search_term_string}}" if home and search else ""
        return jsonld.website(
            name=context["SITENAME"], url=home, description=description, language=language, search_url=search_url
        )
    if doc_type in DOCUMENT_TYPES:
        return document_data(context, item, url, description)
    if doc_type == "actor":
        return actor_data(context, item, description)
    return None


def actor_data(context, actor, description: str = "") -> dict:
    return jsonld.actor(
        kind=getattr(actor, "actor_kind", ""),
        name=one_line(actor.title),
        url=item_url(context, context.get("SITEURL", ""), actor),
        description=description,
        role=getattr(actor, "role", "") or "",
        aliases=list(getattr(actor, "aliases", []) or []),
        wikidata=getattr(actor, "wikidata", "") or "",
    )


def source_authors(context, names: str) -> list:
    """Each comma-separated author: the archive's actor when it knows the name,
    the name alone otherwise (never a guessed type)."""
    registry = context.get("registry")
    authors = []
    for name in (part.strip() for part in names.split(",")):
        actor = registry.resolve("actor", name) if registry is not None and name else None
        authors.append(actor_data(context, actor) if actor is not None else name)
    return [author for author in authors if author]


def document_data(context, item, url: str, description: str) -> dict:
    site_url = context.get("SITEURL", "")
    publisher = jsonld.organisation(context["SITENAME"], site_url if is_absolute(site_url) else "")
    source = None
    if item.doc_type == "summary":
        source = jsonld.source_work(
            name=getattr(item, "source", ""),
            url=getattr(item, "source_url", ""),
            date=getattr(item, "source_date", "") or "",
            authors=source_authors(context, getattr(item, "source_author", "") or ""),
            language=getattr(item, "source_language", "") or "",
        )
    topics = (getattr(item, "references", None) or {}).get("topics", [])
    about = [
        jsonld.thing(schema_type="Thing", name=one_line(topic.title), url=item_url(context, site_url, topic))
        for topic in topics
    ]
    return jsonld.document(
        doc_type=item.doc_type,
        title=one_line(item.title),
        url=url,
        description=description,
        published=iso_day(getattr(item, "date", None)),
        modified=iso_day(getattr(item, "modified", None)),
        language=context.get("DEFAULT_LANG", ""),
        publisher=publisher,
        source=source,
        about=about,
    )


@pass_context
def page_meta(context) -> dict:
    """Everything head_meta.html needs, computed once per page."""
    item = main_item(context)
    site_url = context.get("SITEURL", "")
    is_error_page = context.get("output_file") == "404.html"
    url = "" if is_error_page else item_url(context, site_url, item)
    description = description_of(context, item)
    data = None if is_error_page else structured_data(context, item, url, description)
    is_document = getattr(item, "doc_type", "") in DOCUMENT_TYPES
    return {
        "canonical": url if context.get("ARCHIVE_CANONICAL_URLS") else "",
        "url": url,
        "title": title_of(context, item),
        "description": description,
        "og_type": "article" if is_document else "website",
        "published": iso_day(getattr(item, "date", None)) if is_document else "",
        "modified": iso_day(getattr(item, "modified", None)) if is_document else "",
        "jsonld": Markup(jsonld.script_json(data)) if data else "",
    }
