"""The files a published site has beside its pages: sitemap.xml and robots.txt.

Pure module: no Pelican imports. Output is sorted, so two builds of the same
content give the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Written pages that are not for search engines.
UNLISTED = ("404.html",)
UNLISTED_FOLDERS = ("drafts/",)


def page_path(output_file: str) -> str:
    """The URL path of a written file: `actors/x/index.html` -> `actors/x/`."""
    path = output_file.replace("\\", "/")
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def absolute_url(site_url: str, output_file: str) -> str:
    return f"{site_url.rstrip('/')}/{page_path(output_file)}"


def is_listed(output_file: str) -> bool:
    path = output_file.replace("\\", "/")
    return path.endswith(".html") and path not in UNLISTED and not path.startswith(UNLISTED_FOLDERS)


def sitemap_xml(site_url: str, pages: dict[str, str]) -> str:
    """`pages` maps each written file to its last change (`YYYY-MM-DD`, or '')."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for output_file in sorted(pages, key=page_path):
        if not is_listed(output_file):
            continue
        lastmod = f"<lastmod>{pages[output_file]}</lastmod>" if pages[output_file] else ""
        lines.append(f"  <url><loc>{escape(absolute_url(site_url, output_file))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str = "") -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
