"""Settings for publishing: pelicanconf.py plus what a public site needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# The public address, e.g. https://example.github.io/news-digest (no trailing slash).
SITEURL = os.environ.get("SITEURL", "")
# Pages keep relative links so the published site still works when downloaded;
# feeds need absolute addresses, which only SITEURL can give: without it, no feeds.
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml" if SITEURL else None
