"""Settings for building the archive (`invoke build`)."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE / "plugins") not in sys.path:
    sys.path.insert(0, str(HERE / "plugins"))

SITENAME = "Security Guarantees Archive"
SITE_DESCRIPTION = (
    "An archive that explains, document by document, who said what in the exchange "
    "over security guarantees between Russia, the United States and NATO."
)
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/explainer"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_DATE = None
LOCALE = ("C",)

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "archive_model",
    "archive_entities",
    "archive_discovery",
    "archive_annotations",
    "archive_publish",
    "archive_search",
    "archive_parallel",
]

ARTICLE_PATHS = ["articles", "summaries"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {"extra/CNAME": {"path": "CNAME"}}
READERS = {"html": None, "rst": None}
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "articles"
DISPLAY_CATEGORIES_ON_MENU = False
DISPLAY_PAGES_ON_MENU = False

ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
ACTOR_URL = "actors/{slug}/"
ACTOR_SAVE_AS = "actors/{slug}/index.html"
DEMAND_URL = "demands/{slug}/"
DEMAND_SAVE_AS = "demands/{slug}/index.html"
TOPIC_URL = "topics/{slug}/"
TOPIC_SAVE_AS = "topics/{slug}/index.html"
ACTORS_URL = "actors/"
ACTORS_SAVE_AS = "actors/index.html"
DEMANDS_URL = "demands/"
DEMANDS_SAVE_AS = "demands/index.html"
TOPICS_URL = "topics/"
TOPICS_SAVE_AS = "topics/index.html"
POSITIONS_URL = "positions/"
POSITIONS_SAVE_AS = "positions/index.html"

TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "404", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
INDEX_SAVE_AS = "index.html"
PAGINATED_TEMPLATES = {"category": 50}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = False

FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SLUGIFY_SOURCE = "basename"
# processes a full build may use (reading Markdown, writing pages): None for
# every CPU, 1 to build in one process
ARCHIVE_WORKERS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CACHE_PATH = ".cache"

MARKDOWN = {
    "extensions": [
        "markdown.extensions.footnotes",
        "markdown.extensions.tables",
        "markdown.extensions.attr_list",
        "markdown.extensions.smarty",
        "markdown.extensions.toc",
    ],
    "extension_configs": {
        "markdown.extensions.footnotes": {"BACKLINK_TEXT": "\u21a9\ufe0e"},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    # every build makes its own environments: no template changes during one,
    # so none is checked on disk again each time a page includes it
    "auto_reload": False,
}

MENU_LINKS = [
    ("Summaries", "summaries/"),
    ("Explainers", "articles/"),
    ("Actors", "actors/"),
    ("Demands", "demands/"),
    ("Positions", "positions/"),
    ("Topics", "topics/"),
    ("Timeline", "timeline/"),
    ("About", "pages/about/"),
]
