"""Settings for publishing: pelicanconf.py plus what a public site needs.

SITEURL comes from the environment (``SITEURL=https://you.github.io/news-digest``).
With it, the build adds what needs absolute addresses: the Atom feeds, sitemap.xml,
robots.txt, canonical links and og:url. Without it, the site is the offline one.
"""

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# The public address, e.g. https://example.github.io/news-digest (a trailing slash is dropped).
SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
_address = urlsplit(SITEURL)
if SITEURL and (
    _address.scheme not in {"http", "https"} or not _address.hostname or _address.query or _address.fragment
):
    raise ValueError(
        f"SITEURL must be an http(s) address such as https://you.github.io/news-digest, not {SITEURL!r}"
    )

# Pages keep relative links so the published site still works when downloaded;
# feeds need absolute addresses, which only SITEURL can give: no SITEURL, no feeds.
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml" if SITEURL else None

# GitHub Pages serves a custom domain named in a CNAME file at the root of the branch.
# SITEURL on a domain of its own (https://news.example.org) names it; a github.io address or
# one with a path (a project under someone's domain) does not. PAGES_CNAME overrides either way
# ("" for none).
_own_domain = (
    bool(_address.hostname) and not _address.hostname.endswith(".github.io") and _address.path in {"", "/"}
)
PAGES_CNAME = os.environ.get("PAGES_CNAME", _address.hostname if _own_domain else "").strip()
