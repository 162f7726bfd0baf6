"""Structured data (schema.org JSON-LD) for the archive's pages.

Builds plain dicts from plain values and serialises them so that they are safe
inside `<script type="application/ld+json">`. Pure module: no Pelican imports.
"""

from __future__ import annotations

import json

CONTEXT = "https://schema.org"
ACTOR_TYPES = {
    "person": "Person",
    "organisation": "Organization",
    "state": "GovernmentOrganization",
    "media": "NewsMediaOrganization",
}
DOCUMENT_TYPES = {"article": "NewsArticle", "summary": "Article"}
HEADLINE_LIMIT = 110  # schema.org consumers cut headlines longer than this
# Characters that could end the script element or confuse an HTML parser.
SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def wikidata_url(identifier: str) -> str:
    return f"https://www.wikidata.org/wiki/{identifier}"


def _clean(data: dict) -> dict:
    """Drops empty values, so the output names only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organisation(name: str, url: str = "") -> dict:
    return _clean({"@type": "Organization", "name": name, "url": url})


def website(*, name: str, url: str, description: str, language: str, search_url: str = "") -> dict:
    """The whole site; `search_url` (with `{search_term_string}` where the
    query goes) lets search engines offer the archive's own search."""
    action = None
    if search_url:
        action = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url},
            "query-input": "required name=search_term_string",
        }
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": name,
            "url": url,
            "description": description,
            "inLanguage": language,
            "potentialAction": action,
        }
    )


def source_work(*, name: str, url: str, date: str = "", authors: list | None = None, language: str = "") -> dict:
    """The document a summary is based on. `authors` are actor dicts (see
    `actor`) for names the archive knows, plain names otherwise."""
    return _clean(
        {
            "@type": "CreativeWork",
            "name": name,
            "url": url,
            "datePublished": date,
            "author": [_without_context(a) if isinstance(a, dict) else a for a in authors or []],
            "inLanguage": language,
        }
    )


def _without_context(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "@context"}


def document(
    *,
    doc_type: str,
    title: str,
    url: str,
    description: str,
    published: str,
    modified: str = "",
    language: str = "",
    publisher: dict | None = None,
    source: dict | None = None,
    about: list[dict] | None = None,
) -> dict:
    """An explainer (NewsArticle) or an annotated summary (Article based on its source)."""
    return _clean(
        {
            "@context": CONTEXT,
            "@type": DOCUMENT_TYPES.get(doc_type, "Article"),
            "headline": _headline(title),
            "name": title,
            "url": url,
            "mainEntityOfPage": url,
            "description": description,
            "datePublished": published,
            "dateModified": modified or published,
            "inLanguage": language,
            "author": publisher,
            "publisher": publisher,
            "isBasedOn": source,
            "about": about,
        }
    )


def actor(
    *,
    kind: str,
    name: str,
    url: str,
    description: str = "",
    role: str = "",
    aliases: list[str] | None = None,
    wikidata: str = "",
) -> dict:
    """A person or an organisation, linked to its Wikidata item when known."""
    schema_type = ACTOR_TYPES.get(kind, "Organization")
    return _clean(
        {
            "@context": CONTEXT,
            "@type": schema_type,
            "name": name,
            "alternateName": list(aliases or []),
            "url": url,
            "description": description,
            "jobTitle": role if schema_type == "Person" else "",
            "sameAs": [wikidata_url(wikidata)] if wikidata else [],
        }
    )


def thing(*, schema_type: str, name: str, url: str = "") -> dict:
    return _clean({"@type": schema_type, "name": name, "url": url})


def _headline(title: str) -> str:
    if len(title) <= HEADLINE_LIMIT:
        return title
    return title[: HEADLINE_LIMIT - 1].rstrip() + "\u2026"


def script_json(data: dict) -> str:
    """JSON with sorted keys, safe to place inside a script element as is."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escape in SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text
