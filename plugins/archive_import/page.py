"""Read a saved web page or a plain-text copy of a source into metadata and paragraphs.

Only what the page states is taken: title, publication (`og:site_name` or the
title's suffix, "… – Rossiyskaya Gazeta"), published time, author, canonical
address, language. The article's paragraphs are kept as plain text; menus,
share bars, cookie banners, comment forms, related links, scripts, styles and
iframes are left behind. Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag, UnicodeDammit

# elements that never hold the article's text
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "object",
    "embed",
    "template",
    "svg",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "header",
    "footer",
    "aside",
    "menu",
    "dialog",
)
# class or id words of page furniture
BOILERPLATE_NAMES = re.compile(
    r"(^|[\s_-])(share|sharing|social|comments?|respond|reply|cookies?|consent|gdpr|related|"
    r"recommended|more-stories|read-more|newsletter|subscribe|subscription|promo|advert|ads?|"
    r"sponsored|banner|popup|modal|breadcrumbs?|sidebar|widget|menu|navbar|nav|navigation|"
    r"footer|header|masthead|tags|author-box|back-to-top|skip)([\s_-]|$)",
    re.IGNORECASE,
)
BOILERPLATE_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog")
# paragraphs that are page furniture however they are marked up
BOILERPLATE_TEXT = re.compile(
    r"^(leave a (reply|comment)|your email address will not be published|required fields are marked|"
    r"back to top|share (this|on)|follow us|subscribe|sign up|we use cookies|this (web)?site uses cookies|"
    r"accept (all )?cookies|related( articles| posts| stories)?:?$|read (more|also)|advertisement|"
    r"all rights reserved|©|copyright|click here|tags?:|posted in|filed under|previous (article|post)|"
    r"next (article|post)|you may also like|recommended|comments?$|print$|email$)",
    re.IGNORECASE,
)
TITLE_SEPARATORS = (" – ", " — ", " | ", " - ", " :: ")
MAX_PUBLICATION_WORDS = 6
MIN_PARAGRAPH_CHARACTERS = 25
DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
    "be": "Belarusian",
    "ka": "Georgian",
    "ro": "Romanian",
    "zh": "Chinese",
}


class UnreadablePage(Exception):
    """The file holds no article the importer can read; the message says why."""


@dataclass
class SourcePage:
    title: str = ""
    publication: str = ""
    published: str = ""  # YYYY-MM-DD
    author: str = ""
    url: str = ""
    language: str = ""
    paragraphs: list[str] = field(default_factory=list)


def read_source(name: str, raw: bytes) -> SourcePage:
    """A SourcePage from the bytes of a saved page (.html) or a plain-text copy."""
    if not raw.strip():
        raise UnreadablePage(f"{name} is empty; save the page again and import that file.")
    if raw.startswith(b"%PDF") or b"\x00" in raw[:4096]:
        raise UnreadablePage(
            f"{name} is not a web page or text file (it looks binary, e.g. a PDF or an image); "
            "save the page as HTML or copy its text into a .txt file."
        )
    page = read_html(raw) if looks_like_html(name, raw) else read_text(decode_text(name, raw))
    if not page.paragraphs:
        raise UnreadablePage(
            f"No article text was found in {name}; save the article's own page (not a list or front page), "
            "or copy its text into a .txt file."
        )
    return page


def looks_like_html(name: str, raw: bytes) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = raw[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def decode_text(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        guess = UnicodeDammit(raw).unicode_markup
        if guess is None:
            raise UnreadablePage(f"{name} is not readable text; save it again as UTF-8.") from None
        return guess


def clean(text: str) -> str:
    return " ".join(text.split())


def is_boilerplate_text(text: str) -> bool:
    return bool(BOILERPLATE_TEXT.match(text))


def split_title(title: str) -> tuple[str, str]:
    """("Relations … level", "Rossiyskaya Gazeta") from "Relations … level – Rossiyskaya Gazeta"."""
    for separator in TITLE_SEPARATORS:
        if separator in title:
            head, tail = title.rsplit(separator, 1)
            if head.strip() and 0 < len(tail.split()) <= MAX_PUBLICATION_WORDS:
                return head.strip(), tail.strip()
    return title.strip(), ""


# plain text


def read_text(text: str) -> SourcePage:
    """First line the title, then paragraphs separated by blank lines."""
    blocks = [clean(block) for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    if not blocks:
        return SourcePage()
    title, publication = split_title(blocks[0])
    paragraphs = [block for block in blocks[1:] if not is_boilerplate_text(block)]
    return SourcePage(title=title, publication=publication, paragraphs=paragraphs)


# HTML


def read_html(raw: bytes) -> SourcePage:
    soup = BeautifulSoup(UnicodeDammit(raw, is_html=True).unicode_markup or "", "html.parser")
    page = read_metadata(soup)
    heading = soup.find("h1")
    drop_non_text(soup)
    container = semantic_container(soup)
    if container is None:
        remove_furniture(soup)
        container = densest_container(soup)
    else:
        remove_furniture(container)
    page.paragraphs = article_paragraphs(container)
    if not page.title and heading is not None:
        page.title = clean(heading.get_text(" "))
    return page


def meta(soup, *keys: str) -> str:
    for key in keys:
        for attribute in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attribute: key})
            if tag and tag.get("content", "").strip():
                return clean(tag["content"])
    return ""


def json_ld(soup) -> dict:
    """The first schema.org article described in JSON-LD, or {}."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def ld_author(item: dict) -> str:
    author = item.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        return clean(str(author.get("name", "")))
    return clean(author) if isinstance(author, str) else ""


def read_metadata(soup) -> SourcePage:
    item = json_ld(soup)
    title_tag = soup.find("title")
    full_title = meta(soup, "og:title", "twitter:title") or (clean(title_tag.get_text()) if title_tag else "")
    title, suffix = split_title(full_title) if full_title else ("", "")
    headline = clean(str(item.get("headline", "")))
    canonical = soup.find("link", rel="canonical")
    time_tag = soup.find("time", datetime=True)
    published = (
        meta(soup, "article:published_time", "datePublished", "date", "pubdate", "dc.date")
        or clean(str(item.get("datePublished", "")))
        or (time_tag["datetime"] if time_tag else "")
    )
    byline = soup.find(attrs={"rel": "author"}) or soup.find(class_=re.compile(r"(^|-)(author|byline)(-name)?$"))
    language = (soup.html.get("lang", "") if soup.html else "") or meta(soup, "og:locale")
    return SourcePage(
        title=headline or title,
        publication=meta(soup, "og:site_name") or suffix,
        published=date_part(published),
        author=meta(soup, "author", "article:author") or ld_author(item) or byline_text(byline),
        url=(canonical.get("href", "") if canonical else "") or meta(soup, "og:url"),
        language=LANGUAGES.get(language.lower().replace("_", "-").split("-")[0], ""),
    )


def byline_text(tag) -> str:
    if tag is None:
        return ""
    text = clean(tag.get_text(" "))
    return re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)


def date_part(value: str) -> str:
    match = DATE_PREFIX.match(value.strip())
    return match.group(1) if match else ""


def is_furniture(tag: Tag) -> bool:
    if tag.get("role") in BOILERPLATE_ROLES or tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    names = " ".join([*tag.get("class", []), tag.get("id", "")])
    return bool(names.strip()) and bool(BOILERPLATE_NAMES.search(names))


def drop_non_text(soup) -> None:
    """Scripts, styles, frames, menus, forms...: never the article's text."""
    for tag in soup.find_all(DROPPED_TAGS):
        if tag.decomposed:
            continue
        # some sites wrap the whole page in one form
        if tag.name == "form" and tag.find(["article", "main"]) is not None:
            continue
        tag.decompose()


def remove_furniture(root) -> None:
    for tag in root.find_all(True):
        if not tag.decomposed and tag.name not in ("html", "body") and is_furniture(tag):
            tag.decompose()


def semantic_container(soup):
    """The element the page marks as its article, if it holds paragraphs."""
    for found in (soup.find(attrs={"itemprop": "articleBody"}), soup.find("article"), soup.find("main")):
        if found is not None and found.find("p"):
            return found
    return None


def densest_container(soup):
    """The element whose own paragraphs hold the most text."""
    totals: dict[int, int] = {}
    parents: dict[int, Tag] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        parents[id(parent)] = parent
        totals[id(parent)] = totals.get(id(parent), 0) + len(paragraph.get_text())
    if not totals:
        return soup
    return parents[max(totals, key=totals.get)]


def article_paragraphs(container) -> list[str]:
    paragraphs = []
    for tag in container.find_all(["p", "h2", "h3", "blockquote"]):
        if tag.name == "p" and tag.find_parent("blockquote") is not None:
            continue
        text = clean(tag.get_text(" "))
        text = re.sub(r"\s+([,.;:!?])", r"\1", text)
        if not text or is_boilerplate_text(text):
            continue
        if tag.name == "p" and len(text) < MIN_PARAGRAPH_CHARACTERS and not text.endswith((".", "!", "?", "”", '"')):
            continue
        paragraphs.append(text)
    return paragraphs
