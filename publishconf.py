"""Settings for publishing (GitHub Pages): pelicanconf plus the site's address.

The address comes from the environment: the workflow sets SITEURL to the base
URL that actions/configure-pages reports, so a fork publishes at its own
address with no edit. Without it, links start at the root (`/actors/`).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
# Feeds need absolute links: the feeds plugin reads SITEURL and FEED_DOMAIN.
FEED_DOMAIN = SITEURL
ARCHIVE_CANONICAL_URLS = True
ARCHIVE_SITEMAP = True
