"""site/export.py: the data export (annotations.json, entities.csv) of the published articles."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from news_digest.site.catalogue import ArticleFacts, EntitySummary
from news_digest.site.export import dumps_annotations, entities_csv, load_pipeline_records, site_annotations
from news_digest.models import AnnotatedDocument, Document, Entity, Mention, TaggedEntity

CANADA = Entity(id="canada", kind="country", name="Canada", description="Country in North America.", wikidata="Q16")
ACTA = Entity(id="acta", kind="legal_instrument", name="ACTA", description='Treaty, "plurilateral", 2011')
PRQ = Entity(id="prq", kind="organisation", name="PRQ", known=False)


def article(seed: str, slug: str, *entities: Entity) -> ArticleFacts:
    document = Document(seed=seed, seed_hash="", title=f"Title of {slug}", blocks=(), date=dt.date(2014, 5, 14),
                        date_source="sources")
    tagged = tuple(TaggedEntity(entity, (Mention(entity.name, 0, len(entity.name)),), 0.5) for entity in entities)
    return ArticleFacts(slug=slug, url=f"articles/{slug}.html", annotated=AnnotatedDocument(document, tagged))


def test_annotations_follow_the_contract_sorted_by_seed() -> None:
    data = site_annotations([article("b.txt", "second", CANADA), article("a.txt", "first", ACTA, PRQ)])
    assert [record["seed"] for record in data["articles"]] == ["a.txt", "b.txt"]
    first = data["articles"][0]
    assert list(first) == ["seed", "slug", "title", "date", "date_source", "entities"]
    assert first["date"] == "2014-05-14"
    assert first["entities"][0] == {
        "kind": "legal_instrument", "id": "acta", "name": "ACTA",
        "mentions": [{"text": "ACTA", "start": 0, "end": 4}], "relevance": 0.5,
    }


def test_the_pipelines_own_record_is_used_when_it_matches_the_published_page() -> None:
    own = {"seed": "a.txt", "slug": "first", "title": "T", "date": None, "date_source": "none",
           "entities": [{"kind": "country", "id": "canada", "name": "Canada",
                         "mentions": [{"text": "Canada", "start": 3, "end": 9}], "relevance": 0.9}]}
    stale = dict(own, seed="b.txt", slug="renamed-by-hand")
    data = site_annotations([article("a.txt", "first"), article("b.txt", "second", CANADA)],
                            {"a.txt": own, "b.txt": stale})
    assert data["articles"][0] is own
    assert data["articles"][1]["slug"] == "second"  # the page's own reading, not the stale record


def test_annotations_text_is_deterministic_utf8_with_a_final_newline() -> None:
    data = site_annotations([article("ä.txt", "säker", CANADA)])
    text = dumps_annotations(data)
    assert text == dumps_annotations(site_annotations([article("ä.txt", "säker", CANADA)]))
    assert text.endswith("}\n") and "säker" in text and json.loads(text) == data


def test_pipeline_records_missing_or_broken_are_ignored(tmp_path: Path, caplog) -> None:
    assert load_pipeline_records(tmp_path / "absent.json") == {}
    broken = tmp_path / "annotations.json"
    broken.write_text("{not json", "utf-8")
    assert load_pipeline_records(broken) == {}
    assert "annotations.json" in caplog.text
    broken.write_text(json.dumps({"articles": [{"seed": "a.txt", "slug": "x"}]}), "utf-8")
    assert load_pipeline_records(broken) == {"a.txt": {"seed": "a.txt", "slug": "x"}}


def test_entities_csv_has_one_row_per_entity_by_kind_then_id() -> None:
    summaries = [
        EntitySummary(ACTA, (article("a.txt", "a"),)),
        EntitySummary(PRQ, (article("a.txt", "a"), article("b.txt", "b"))),
        EntitySummary(CANADA, (article("b.txt", "b"),)),
    ]
    rows = list(csv.reader(io.StringIO(entities_csv(summaries))))
    assert rows == [
        ["kind", "id", "name", "articles", "description", "wikidata"],
        ["country", "canada", "Canada", "1", "Country in North America.", "Q16"],
        ["organisation", "prq", "PRQ", "2", "", ""],
        ["legal_instrument", "acta", "ACTA", "1", 'Treaty, "plurilateral", 2011', ""],
    ]


def test_built_site_exports_every_article_and_entity(fixture_site: Path) -> None:
    data = json.loads((fixture_site / "data" / "annotations.json").read_text("utf-8"))
    slugs = {record["slug"] for record in data["articles"]}
    assert slugs == {page.stem for page in (fixture_site / "articles").glob("*.html")}
    tracker = next(r for r in data["articles"] if r["slug"] == "police-seize-server-of-a-private-tracker-its-backups")
    assert tracker["date"] == "2014-05-14" and tracker["date_source"] == "sources"
    canada = next(e for e in tracker["entities"] if e["id"] == "canada")
    assert [m["text"] for m in canada["mentions"]] == ["Canadian", "Canada"]
    undated = next(r for r in data["articles"] if r["slug"] == "a-note-without-a-date")
    assert undated["date"] is None and undated["date_source"] == "none"
    rows = list(csv.DictReader(io.StringIO((fixture_site / "data" / "entities.csv").read_text("utf-8"))))
    by_id = {row["id"]: row for row in rows}
    assert by_id["canada"]["articles"] == "2" and by_id["canada"]["kind"] == "country"
    assert {row["id"] for row in rows} >= {"sweden", "prq", "anti-counterfeiting-trade-agreement"}
