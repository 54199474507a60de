"""Pelican settings for News Digest; publishconf.py builds on these."""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

AUTHOR = "News Digest"
SITENAME = "News Digest"
SITESUBTITLE = "Copyright, piracy and internet-policy news, annotated"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["news_digest"]

# Every option of the plugin lives here; unknown keys stop the build.
NEWS_DIGEST = {
    "seeds": str(_HERE / "seeds"),
    "articles_dir": "articles",
    "strict": False,
}

# Offline first: every link is relative and points at a file, never a folder.
RELATIVE_URLS = True
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_URL = ARTICLE_SAVE_AS = "articles/{slug}.html"
PAGE_URL = PAGE_SAVE_AS = "pages/{slug}.html"
DRAFT_URL = DRAFT_SAVE_AS = "drafts/{slug}.html"
INDEX_SAVE_AS = "index.html"
ARCHIVES_SAVE_AS = "archives.html"
# search.html runs the offline search; 404.html is what GitHub Pages shows for a missing page.
DIRECT_TEMPLATES = ["index", "archives", "search", "404"]
# The front page lists the newest articles, 20 a page: index.html, index2.html, ...
# (relative links to files, so paging works from disk too); the archives 500 lines a page.
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "archives": 500}
PAGINATION_PATTERNS = (
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}{number}{extension}", "{name}{number}{extension}"),
)

# Entities replace Pelican's categories, authors and tags; the plugin writes their pages.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_CATEGORY = "news"

# Feed readers need absolute addresses, which only a published site has: this offline
# build makes no feeds (the site's and each entity's), publishconf.py does once SITEURL is set.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Seed text is data: templates escape by default, and Markdown gets no extensions
# beyond metadata, so fewer syntaxes can turn seed words into markup.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.meta": {}},
    "output_format": "html5",
}

# Pelican's reader cache keeps each article's Markdown rendering, keyed by the sha256 of
# the file's bytes (not its time stamp), so a cached rendering is exactly what reading the
# file again would give. What else shapes a rendering (Markdown options, Pelican's and
# Markdown's versions) names the cache folder: change any of them and the cache starts over.
# What the plugin reads back from each article is kept the same way (site/facts_cache.py); its own
# pages are computed afresh on every build.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"


def _reader_fingerprint() -> str:
    import hashlib
    import importlib.metadata

    shaping = [MARKDOWN, TIMEZONE, DEFAULT_LANG, DEFAULT_DATE_FORMAT]
    shaping += [importlib.metadata.version(name) for name in ("pelican", "markdown")]
    return hashlib.sha256(repr(shaping).encode("utf-8")).hexdigest()[:16]


CACHE_PATH = str(_HERE / "cache" / _reader_fingerprint())
DELETE_OUTPUT_DIRECTORY = True
