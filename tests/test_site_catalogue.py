"""site/catalogue.py and site/facts.py: what spans the published articles, and how dates are shown."""

from __future__ import annotations

import datetime as dt

from news_digest.site import catalogue
from news_digest.site.facts import ArticleFacts, SeenMention, date_label
from news_digest.models import AnnotatedDocument, Document, Entity, TaggedEntity

CANADA = Entity(id="canada", kind="country", name="Canada", description="Country in North America.")
SWEDEN = Entity(id="sweden", kind="country", name="Sweden")
ACTA = Entity(id="acta", kind="legal_instrument", name="Anti-Counterfeiting Trade Agreement", aliases=("ACTA",))


def facts(slug: str, date: dt.date | None, *entities: tuple[Entity, float], mentions=()) -> ArticleFacts:
    document = Document(seed=f"{slug}.txt", seed_hash="", title=slug.title(), blocks=(), date=date,
                        date_source="sources" if date else "none")
    tagged = tuple(TaggedEntity(entity, (), relevance) for entity, relevance in entities)
    return ArticleFacts(slug=slug, url=f"articles/{slug}.html", annotated=AnnotatedDocument(document, tagged),
                        mentions=tuple(mentions))


def test_date_labels_say_where_the_date_came_from() -> None:
    may = dt.date(2014, 5, 4)
    assert str(date_label(may, "sources")) == "Published 4 May 2014"
    assert date_label(may, "sources").iso == "2014-05-04"
    dateline = date_label(may, "dateline")
    assert (dateline.lead, dateline.note) == ("Dated", "Date from the article's dateline")
    undated = date_label(None, "none")
    assert (undated.iso, undated.text) == (None, "Undated")
    assert date_label(may, "none").text == "Undated"


def test_related_articles_rank_by_shared_entities_weighted_by_relevance() -> None:
    a = facts("a", dt.date(2010, 1, 1), (ACTA, 0.9))
    b = facts("b", dt.date(2011, 1, 1), (ACTA, 0.8), (CANADA, 0.1))
    c = facts("c", dt.date(2012, 1, 1), (CANADA, 0.9))
    d = facts("d", dt.date(2013, 1, 1), (SWEDEN, 0.9))
    related = catalogue.related_articles([a, b, c, d])
    assert [(other.slug, score) for other, score in related["b"]] == [("a", 0.72), ("c", 0.09)]
    assert [other.slug for other, _ in related["a"]] == ["b"]
    assert related["d"] == ()
    assert len(catalogue.related_articles([a, b, c], limit=1)["b"]) == 1


def test_entity_summaries_list_articles_spellings_and_companions() -> None:
    old = facts("old", dt.date(2010, 1, 1), (CANADA, 0.9), (ACTA, 0.5),
                mentions=[SeenMention("country/canada", "Canadian", ""), SeenMention("country/canada", "Canada", "")])
    new = facts("new", dt.date(2014, 1, 1), (CANADA, 0.9), (ACTA, 0.3), (SWEDEN, 0.1),
                mentions=[SeenMention("country/canada", "Canada", ""), SeenMention("country/sweden", "Swedish", "Nordic.")])
    undated = facts("undated", None, (CANADA, 0.9))
    summaries = {s.key: s for s in catalogue.entity_summaries([new, undated, old])}
    canada = summaries["country/canada"]
    assert [a.slug for a in canada.articles] == ["old", "new", "undated"]
    assert canada.spellings == (("Canada", 2), ("Canadian", 1))
    assert [(e.key, n) for e, n in canada.companions] == [("legal_instrument/acta", 2), ("country/sweden", 1)]
    assert summaries["country/sweden"].entity.description == "Nordic."
    assert list(summaries) == ["country/canada", "country/sweden", "legal_instrument/acta"]


def test_timeline_groups_by_year_and_month_and_keeps_undated_apart() -> None:
    articles = [
        facts("c", dt.date(2014, 5, 14)), facts("a", dt.date(2010, 9, 8)), facts("b", dt.date(2014, 5, 1)),
        facts("d", dt.date(2014, 1, 2)), facts("u", None),
    ]
    line = catalogue.timeline(articles)
    assert [(y.year, [(m.month, [a.slug for a in m.articles]) for m in y.months]) for y in line.years] == [
        (2010, [(9, ["a"])]),
        (2014, [(1, ["d"]), (5, ["b", "c"])]),
    ]
    assert [a.slug for a in line.undated] == ["u"]
    assert line.years[1].anchor == "y2014" and line.years[1].months[1].anchor == "y2014-05"
    assert line.years[1].months[1].name == "May" and line.years[1].count == 3


def test_front_page_order_is_newest_first_with_undated_last() -> None:
    articles = [facts("u", None), facts("a", dt.date(2010, 1, 1)), facts("b", dt.date(2014, 1, 1))]
    assert [a.slug for a in sorted(articles, key=catalogue.newest_first_key)] == ["b", "a", "u"]


def test_entity_and_feed_urls_follow_the_setting() -> None:
    assert catalogue.entity_url("entities/{kind}/{id}.html", CANADA) == "entities/country/canada.html"
    assert catalogue.feed_url("entities/{kind}/{id}.html", ACTA) == "entities/legal_instrument/acta.atom.xml"
    assert catalogue.entity_url("e/{id}.html", CANADA) == "e/canada.html"


def test_an_entity_page_quotes_how_the_article_first_names_it_in_its_body() -> None:
    from news_digest.models import Block, Mention

    canada = Entity(id="canada", kind="country", name="Canada")
    words = "one two three four five six seven eight nine ten"
    document = Document(seed="s.txt", seed_hash="sha256:0", title="Canada acts",
                        blocks=(Block("paragraph", f"{words} Canadian police raided a site in Canada today."),))
    text = document.text
    start = text.index("Canadian")
    mentions = (Mention("Canada", 0, 6), Mention("Canadian", start, start + 8),
                Mention("Canada", text.rindex("Canada"), text.rindex("Canada") + 6))
    article = ArticleFacts(slug="s", url="s.html",
                           annotated=AnnotatedDocument(document, (TaggedEntity(canada, mentions, 0.9),)))
    assert catalogue.mention_quote(article, "country/canada") == (
        "… three four five six seven eight nine ten ", "Canadian", " police raided a site in Canada today.")
    assert catalogue.mention_quote(article, "country/sweden") is None
