"""What search engines and link previews read: addresses, schema.org JSON-LD, sitemap.xml and robots.txt.

Pure functions over the site model that pages.py builds (``context["digest"]``),
plus ``PublishingGenerator``, the thin Pelican adapter. The generator's
``generate_context`` runs after every article was enriched and before any page is
written, so it attaches each article's JSON-LD and puts a ``PublishingView`` in the
template context (``publishing``: the site's public address, a page's canonical
address, each entity page's JSON-LD); its ``generate_output`` writes sitemap.xml
and robots.txt. Both files, canonical links and ``og:url`` need the public
address, so they exist only when SITEURL is an absolute http(s) address (the
publishing settings); the offline build has none of them and links stay relative.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from markupsafe import Markup
from pelican.generators import Generator

from .site.catalogue import ArticleFacts, newest_first_key
from .models import Entity, TaggedEntity

logger = logging.getLogger(__name__)

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
# The sitemap protocol's limit per file; a larger site gets numbered files and an index.
SITEMAP_LIMIT = 50_000
# Pages that must not be listed or given a canonical address: what a host shows for a missing page.
UNLISTED = frozenset({"404.html"})
# An entity at least this relevant (headline, lead, many mentions) is what the article is about;
# the others are only mentioned. The most relevant entity is always "about".
ABOUT_RELEVANCE = 0.4
# An entity page's JSON-LD names its newest articles only: the page itself lists them all, and
# an entity named in thousands of articles should not carry them twice in its <head>.
ENTITY_PARTS_LIMIT = 50
SCHEMA_TYPES = {"country": "Country", "organisation": "Organization", "legal_instrument": "Legislation"}
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
# Inside <script> the HTML parser ends the element at "</script" whatever JSON thinks; "<!--" and
# "-->" change how it counts. Escaping these characters (valid in any JSON string) rules all of that out.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


# --- addresses ------------------------------------------------------------------------------


def site_base(settings: Mapping[str, Any]) -> str:
    """The site's public address without a trailing slash, or "" when SITEURL is not absolute."""
    value = str(settings.get("SITEURL") or "").strip()
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.hostname:
        return value.rstrip("/")
    return ""


def address(base: str, path: str) -> str:
    """The public address of a file of the site (``index.html`` is the site's root)."""
    if path == "index.html":
        return f"{base}/"
    return f"{base}/{quote(path, safe='/')}"


def relative_link(target: str, start: str) -> str:
    """A link from the file at ``start`` to ``target``, both relative to the site root."""
    return "../" * start.count("/") + target


def link_from(base: str, target: str, start: str) -> str:
    """Absolute when publishing, else relative to the page the link is on."""
    return address(base, target) if base else relative_link(target, start)


# --- JSON-LD ------------------------------------------------------------------------------------


def script_json(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> element: nothing in it can end the element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    for character, escaped in _SCRIPT_SAFE:  # str.replace: many times faster than str.translate here
        text = text.replace(character, escaped)
    return Markup(text)


def wikidata_url(entity: Entity) -> str | None:
    qid = entity.wikidata
    return f"https://www.wikidata.org/wiki/{qid}" if qid and _WIKIDATA_ID.fullmatch(qid) else None


def entity_node(entity: Entity, entity_path: str, base: str, start: str) -> dict[str, Any]:
    """An entity as schema.org sees it; the same node on its own page and in every article."""
    url = link_from(base, entity_path, start)
    node: dict[str, Any] = {
        "@type": SCHEMA_TYPES[entity.kind],
        "@id": f"{url}#entity",
        "name": entity.name,
        "url": url,
    }
    if entity.description:
        node["description"] = entity.description
    same_as = wikidata_url(entity)
    if same_as:
        node["sameAs"] = same_as
    return node


def split_about(entities: Sequence[TaggedEntity]) -> tuple[list[TaggedEntity], list[TaggedEntity]]:
    """(what the article is about, what it only mentions), each in the article's order."""
    if not entities:
        return [], []
    top = max(tagged.relevance for tagged in entities)
    central = [t.relevance >= ABOUT_RELEVANCE or t.relevance == top for t in entities]
    return (
        [t for t, is_central in zip(entities, central) if is_central],
        [t for t, is_central in zip(entities, central) if not is_central],
    )


def article_json_ld(
    fact: ArticleFacts, entity_paths: Mapping[str, str], base: str, site_name: str
) -> dict[str, Any]:
    """schema.org NewsArticle for one article page."""
    about, mentions = split_about(fact.entities)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": fact.title}
    if fact.summary:
        data["description"] = fact.summary
    data["url"] = link_from(base, fact.url, fact.url)
    if base:
        data["mainEntityOfPage"] = address(base, fact.url)
    if fact.date:
        data["datePublished"] = fact.date.isoformat()
    data["inLanguage"] = "en"
    source = fact.annotated.document.source_url
    if source:
        data["isBasedOn"] = source
    data["publisher"] = {
        "@type": "Organization",
        "name": site_name,
        "url": link_from(base, "index.html", fact.url),
    }
    for key, group in (("about", about), ("mentions", mentions)):
        if group:
            data[key] = [entity_node(t.entity, entity_paths[t.entity.key], base, fact.url) for t in group]
    return data


def entity_json_ld(
    entity: Entity, page_path: str, articles: Sequence[ArticleFacts], base: str
) -> dict[str, Any]:
    """schema.org CollectionPage for an entity's page: the entity, and the newest articles that name it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": entity.name,
        "url": link_from(base, page_path, page_path),
        "about": entity_node(entity, page_path, base, page_path),
    }
    parts = []
    for fact in sorted(articles, key=newest_first_key)[:ENTITY_PARTS_LIMIT]:
        part: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": fact.title,
            "url": link_from(base, fact.url, page_path),
        }
        if fact.date:
            part["datePublished"] = fact.date.isoformat()
        parts.append(part)
    if parts:
        data["hasPart"] = parts
    return data


# --- sitemap and robots -------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    path: str  # relative to the site root
    lastmod: dt.date | None = None


def _urlset(entries: Iterable[SitemapEntry], base: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_SITEMAP_NS}">']
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(address(base, entry.path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_files(
    entries: Sequence[SitemapEntry], base: str, limit: int = SITEMAP_LIMIT
) -> list[tuple[str, str]]:
    """(file name, XML) pairs: sitemap.xml alone, or numbered sitemaps and sitemap.xml as their index."""
    unique = list({entry.path: entry for entry in entries if entry.path not in UNLISTED}.values())
    if len(unique) <= limit:
        return [(SITEMAP_FILE, _urlset(unique, base))]
    files = []
    for number, start in enumerate(range(0, len(unique), limit), 1):
        files.append((f"sitemap-{number}.xml", _urlset(unique[start : start + limit], base)))
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_SITEMAP_NS}">']
    index += [f"<sitemap><loc>{escape(address(base, name))}</loc></sitemap>" for name, _ in files]
    index.append("</sitemapindex>")
    return [*files, (SITEMAP_FILE, "\n".join(index) + "\n")]


def robots_txt(base: str) -> str:
    """Every page may be crawled; the sitemap says where they are."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {address(base, SITEMAP_FILE)}\n"


# --- what the templates read -------------------------------------------------------------------


@dataclass(frozen=True)
class PublishingView:
    """context["publishing"]: the public address and the JSON-LD of entity pages."""

    base: str
    entity_json_ld: Mapping[str, Markup] = field(default_factory=dict)

    def canonical(self, output_file: str) -> str:
        """A page's canonical address, or "" (offline build, or a page that is not listed)."""
        if not self.base or not output_file or output_file in UNLISTED:
            return ""
        return address(self.base, output_file)


def _page_names(settings: Mapping[str, Any], article_count: int) -> list[str]:
    """The direct templates' files (index.html, archives.html, ...), every page of a paginated one.

    Pages are named by Pelican's own paginator, as the writer names them (index2.html, ...).
    """
    from pelican.paginator import Paginator

    names = []
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    for template in settings.get("DIRECT_TEMPLATES") or ():
        name = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if not name:
            continue
        per_page = (paginated.get(template) or settings.get("DEFAULT_PAGINATION")) if template in paginated else None
        if not per_page or article_count <= per_page:
            names.append(str(name))
            continue
        url = settings.get(f"{template.upper()}_URL", name)
        paginator = Paginator(name, url, list(range(article_count)), settings, per_page)
        names += [str(paginator.page(number).save_as) for number in range(1, paginator.num_pages + 1)]
    return names


class PublishingGenerator(Generator):
    """Attaches JSON-LD to articles and entity pages; writes sitemap.xml and robots.txt when publishing."""

    def generate_context(self) -> None:
        site = self.context.get("digest")
        base = site_base(self.settings)
        if site is None:
            self.context["publishing"] = PublishingView(base)
            return
        site_name = str(self.settings.get("SITENAME", ""))
        entity_paths = {page.view.key: page.view.url for page in site.entity_pages}
        by_url = {fact.url: fact for fact in site.facts}
        for fact, article in zip(site.facts, site.articles, strict=True):
            article.json_ld = script_json(article_json_ld(fact, entity_paths, base, site_name))
        self.context["publishing"] = PublishingView(
            base,
            {
                page.view.key: script_json(
                    entity_json_ld(
                        page.view.entity,
                        page.view.url,
                        [by_url[article.url] for article in page.articles],
                        base,
                    )
                )
                for page in site.entity_pages
            },
        )

    def _entries(self) -> list[SitemapEntry]:
        site = self.context.get("digest")
        entries = [SitemapEntry(name) for name in _page_names(self.settings, len(self.context.get("articles") or ()))]
        entries += [SitemapEntry(str(page.url)) for page in self.context.get("pages") or ()]
        if site is not None:
            from .site.generator import TIMELINE
            from .tag_pages import tag_pages

            entries += [SitemapEntry(TIMELINE)]
            # tags.html, tags-by-name.html and, in a large digest, each kind's own pages.
            entries += [SitemapEntry(page.url) for page in tag_pages({"count": site.by_count, "name": site.by_name})]
            from .site.generator import picture_pages

            entries += [SitemapEntry(name) for name in picture_pages(site)]
            dates = {fact.url: fact.date for fact in site.facts}
            entries += [SitemapEntry(fact.url, fact.date) for fact in site.facts]
            for page in site.entity_pages:
                dated = [dates[article.url] for article in page.articles if dates.get(article.url)]
                newest = max(dated) if dated else None
                entries += [SitemapEntry(url, newest) for url in page.page_urls]
        return entries

    def generate_output(self, writer: Any) -> None:
        base = site_base(self.settings)
        if not base:
            return
        output = Path(self.output_path)
        for name, text in [*sitemap_files(self._entries(), base), (ROBOTS_FILE, robots_txt(base))]:
            path = output / name
            path.write_text(text, "utf-8", newline="\n")
            logger.info("Writing %s", path)


def get_generators(pelican: Any) -> type[Generator]:
    """get_generators: add the publishing metadata writer (after the digest's own pages)."""
    return PublishingGenerator
