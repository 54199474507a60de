"""The Pelican generator that writes the digest's own pages and files from ``context["digest"]``.

One page (or several parts) and, when published, one Atom feed per entity;
tags.html (by count) and tags-by-name.html; the timeline (timeline.html, one page
per year and each entity's filter counts, see timeline.py); the world map; the
connections matrix; search-index.js and the data export. Templates only display.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from .. import search_cache, tag_pages
from .. import timeline as time_axis
from .. import worldmap
from . import connections, export
from .feeds import entity_feed, feed_base
from .views import SiteView

logger = logging.getLogger(__name__)

# Where the site model lives in Pelican's shared template context.
CONTEXT_KEY = "digest"
TAGS_BY_COUNT = "tags.html"
TAGS_BY_NAME = "tags-by-name.html"
TIMELINE = "timeline.html"
WORLD_MAP = "map.html"
CONNECTIONS = "connections.html"


def map_countries(site: SiteView) -> tuple[worldmap.MapCountry, ...]:
    """Every country with an ISO code that the articles name, most articles first."""
    found = [
        worldmap.MapCountry(page.view.entity.country, page.view.name, page.view.url, page.view.count)
        for page in site.entity_pages
        if page.view.kind == "country" and page.view.entity.country
    ]
    return tuple(sorted(found, key=lambda country: (-country.count, country.name.casefold(), country.code)))


def picture_pages(site: SiteView) -> list[str]:
    """The pages the timeline, map and connections add besides timeline.html (for the sitemap)."""
    names = [name for name, _, _ in timeline_pages(site) if name != TIMELINE]
    if map_countries(site):
        names.append(WORLD_MAP)
    if site.entity_pages:
        names.append(CONNECTIONS)
    return names


def timeline_pages(site: SiteView) -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, template, template values) of every timeline page: overview, years, undated."""
    model = site.time_axis
    if model is None:
        return []
    common = {
        "timeline": model,
        "timeline_articles": {article.url: article for article in site.articles},
        "timeline_entities": site.entity_views,
    }
    found = [(TIMELINE, "timeline", common)]
    found += [(page.url, "timeline_year", {**common, "year_page": page}) for page in model.pages]
    found += [(slot.url, "timeline_month", {**common, "year_page": page, "slot_page": slot})
              for page in model.pages for slot in page.slot_pages]
    found += [(url, "timeline_undated", {**common, "undated_part": number})
              for number, url in enumerate(model.undated_urls, start=1)]
    return found


class SitePagesGenerator(Generator):
    """Writes the digest's own pages from context["digest"], built by hooks.enrich_articles."""

    def generate_context(self) -> None:
        pass

    def _write(self, writer: Any, name: str, template: str, **kwargs: Any) -> None:
        writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name=name.removesuffix(".html"),
            **kwargs,
        )

    def _write_text(self, name: str, text: str) -> None:
        path = Path(self.output_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="\n")
        logger.info("Writing %s", path)

    def _write_map(self, writer: Any, site: SiteView) -> None:
        """map.html: the countries the articles name on a world map, each linked to its page."""
        covered = map_countries(site)
        if not covered:
            return
        shapes = worldmap.load_shapes()
        most = max(country.count for country in covered)
        self._write(
            writer,
            WORLD_MAP,
            "map",
            world_map=worldmap.world_map(shapes, covered),  # map.html is at the root: links as they are
            map_countries=covered,
            map_steps=worldmap.step_ranges(most),
        )

    def _write_timeline(self, writer: Any, site: SiteView) -> None:
        """The overview, one page per year, the undated articles, and each entity's filter counts."""
        for name, template, kwargs in timeline_pages(site):
            self._write(writer, name, template, **kwargs)
        if site.time_axis is not None:
            for key, (years, undated) in site.time_axis.entity_counts.items():
                self._write_text(time_axis.entity_data_url(key), time_axis.entity_script(key, years, undated))

    def _write_entities(self, writer: Any, site: SiteView) -> None:
        """Each entity's page (in parts) and, when the site's address is known, its feed."""
        facts = site.facts_by_url
        base = feed_base(self.settings)
        for page in site.entity_pages:
            for part in page.parts:
                self._write(writer, part.url, "entity", entity_page=page, entity_part=part)
            if not page.feed_url:
                continue
            feed = entity_feed(page, facts, str(self.settings.get("SITENAME", "")), base)
            path = Path(self.output_path) / page.feed_url
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                feed.write(handle, "utf-8")

    def generate_output(self, writer: Any) -> None:
        site: SiteView | None = self.context.get(CONTEXT_KEY)
        if site is None:
            logger.warning("no digest data: was enrich_articles connected? entity pages not written")
            return
        self._write_entities(writer, site)
        for tag_page in tag_pages.tag_pages({"count": site.by_count, "name": site.by_name}):
            self._write(writer, tag_page.url, "tags", tag_page=tag_page)
        self._write_timeline(writer, site)
        self._write_map(writer, site)
        matrix = connections.cooccurrence(site.facts, site.entity_views)
        if matrix.entities:
            self._write(writer, CONNECTIONS, "connections", matrix=matrix)
        kept = Path(self.settings["CACHE_PATH"]) if self.settings.get("CACHE_CONTENT") else None
        for name, text in search_cache.index_files(kept, site.facts, site.summaries, site.entity_url).items():
            self._write_text(name, text)
        annotations = export.site_annotations(site.facts, site.records)
        self._write_text(export.ANNOTATIONS_FILE, export.dumps_annotations(annotations))
        self._write_text(export.ENTITIES_FILE, export.entities_csv(site.summaries))
