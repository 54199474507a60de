"""search_index.py: the offline search index, a .js file that assigns one global."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from news_digest.catalogue import ArticleFacts, EntitySummary
from news_digest.models import AnnotatedDocument, Document, Entity, TaggedEntity
from news_digest.search_index import GLOBAL_NAME, INDEX_FILE, index_data, render_index

CANADA = Entity(id="canada", kind="country", name="Canada", description="Country in North America.")


def article(title: str, date: dt.date | None) -> ArticleFacts:
    document = Document(seed="s.txt", seed_hash="", title=title, blocks=(), date=date)
    return ArticleFacts(
        slug="s", url="articles/s.html", annotated=AnnotatedDocument(document, (TaggedEntity(CANADA, (), 0.9),)),
        summary="Police raided a server.", source_site="example.com",
    )


def parse(script: str) -> dict:
    match = re.fullmatch(rf"window\.{GLOBAL_NAME} = (.*);\n", script, re.DOTALL)
    assert match, script[:80]
    return json.loads(match.group(1))


def test_index_lists_articles_and_entities_with_their_urls() -> None:
    canada = EntitySummary(CANADA, (article("x", None),), spellings=(("Canadian", 2), ("Canada", 1)))
    data = parse(render_index(index_data([article("Raid in Québec <b>now</b>", dt.date(2014, 5, 14))], [canada],
                                         "entities/{kind}/{id}.html")))
    (entry,) = data["articles"]
    assert entry == {
        "title": "Raid in Québec <b>now</b>", "url": "articles/s.html", "date": "2014-05-14",
        "summary": "Police raided a server.", "source": "example.com", "entities": ["Canada"],
    }
    (entity,) = data["entities"]
    assert entity["url"] == "entities/country/canada.html"
    assert entity["also"] == ["Canadian"]  # other spellings find the entity too
    assert entity["articles"] == 1


def test_index_is_ascii_and_cannot_end_a_script_element() -> None:
    script = render_index(index_data([article("</script><script>alert(1)</script> café", None)], [], "e/{id}.html"))
    assert script.isascii()
    assert "<" not in script  # the text can never close a script element
    assert parse(script)["articles"][0]["title"].startswith("</script>")


def test_same_input_gives_the_same_bytes() -> None:
    items = [article("A", dt.date(2010, 1, 1)), article("B", None)]
    assert render_index(index_data(items, [], "e/{id}.html")) == render_index(index_data(items, [], "e/{id}.html"))


def test_built_site_has_the_index_with_every_article(fixture_site: Path) -> None:
    data = parse((fixture_site / INDEX_FILE).read_text("utf-8"))
    urls = {entry["url"] for entry in data["articles"]}
    assert urls == {page.relative_to(fixture_site).as_posix() for page in (fixture_site / "articles").glob("*.html")}
    assert all((fixture_site / url).is_file() for url in urls)
    assert all((fixture_site / entity["url"]).is_file() for entity in data["entities"])
    titles = {entry["title"] for entry in data["articles"]}
    assert "Police Seize Server of a Private Tracker & Its Backups" in titles  # unescaped, plain text
