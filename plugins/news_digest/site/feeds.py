"""Each entity's Atom feed, for a published build (feeds need the site's absolute address)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from feedgenerator import Atom1Feed

from .catalogue import newest_first_key
from .facts import ArticleFacts
from .views import EntityPage


def feed_base(settings: Mapping[str, Any]) -> str:
    """The public address feeds link to; "" when there is none, and then no feeds are made.

    Atom readers need absolute addresses, and an offline build has none to give.
    """
    for key in ("FEED_DOMAIN", "SITEURL"):
        value = str(settings.get(key) or "")
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return ""


def _as_datetime(date: dt.date | None) -> dt.datetime:
    # Undated articles carry the same sentinel date Pelican was given.
    day = date or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def entity_feed(page: EntityPage, facts: Mapping[str, ArticleFacts], site_name: str, base: str) -> Atom1Feed:
    """The Atom feed of one entity's articles, newest first; deterministic (no clock)."""

    def link(target: str) -> str:
        return f"{base}/{target}"

    feed = Atom1Feed(
        title=f"{site_name} - {page.view.name}",
        link=link(page.view.url),
        description=page.view.description,
        language="en",
        feed_url=link(page.feed_url),
        feed_guid=link(page.feed_url),
    )
    for article in sorted(page.articles, key=lambda a: newest_first_key(facts[a.url])):
        fact = facts[article.url]
        feed.add_item(
            title=fact.title,
            link=link(fact.url),
            # Atom marks the summary type="html", so a feed reader would run plain text as markup.
            description=html.escape(fact.summary, quote=False),
            unique_id=link(fact.url),
            pubdate=_as_datetime(fact.date),
        )
    return feed
