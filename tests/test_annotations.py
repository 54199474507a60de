"""annotations.json: a stable, documented format that other programs can rely on."""

from __future__ import annotations

import datetime as dt
import json

from news_digest.annotations import dumps
from news_digest.models import AnnotatedDocument, Block, Document, Entity, Mention, TaggedEntity


def annotated(seed: str, title: str, date: dt.date | None = None) -> AnnotatedDocument:
    document = Document(
        seed=seed,
        seed_hash="sha256:0",
        title=title,
        blocks=(Block("paragraph", "Rättighetsalliansen in Sweden."),),
        date=date,
        date_source="sources" if date else "none",
    )
    start = document.text.index("Sweden")
    return AnnotatedDocument(
        document,
        (
            TaggedEntity(
                Entity("sweden", "country", "Sweden"), (Mention("Sweden", start, start + 6),), 0.912345678
            ),
            TaggedEntity(
                Entity("rights-alliance", "organisation", "Rights Alliance"),
                (Mention("Rättighetsalliansen", len(title) + 2, len(title) + 21),),
                1 / 3,
            ),
        ),
    )


def test_exact_layout_of_one_article() -> None:
    text = dumps([("raid", annotated("000_a.txt", "Raid", dt.date(2014, 5, 14)))])
    assert (
        text
        == """\
{
  "articles": [
    {
      "seed": "000_a.txt",
      "slug": "raid",
      "title": "Raid",
      "date": "2014-05-14",
      "date_source": "sources",
      "entities": [
        {
          "kind": "country",
          "id": "sweden",
          "name": "Sweden",
          "mentions": [
            {
              "text": "Sweden",
              "start": 29,
              "end": 35
            }
          ],
          "relevance": 0.9123
        },
        {
          "kind": "organisation",
          "id": "rights-alliance",
          "name": "Rights Alliance",
          "mentions": [
            {
              "text": "Rättighetsalliansen",
              "start": 6,
              "end": 25
            }
          ],
          "relevance": 0.3333
        }
      ]
    }
  ]
}
"""
    )


def test_articles_are_sorted_by_seed_and_output_is_repeatable() -> None:
    items = [("b", annotated("002_b.txt", "B <b>")), ("a", annotated("001_a.txt", "Ä"))]
    text = dumps(items)
    assert text == dumps(list(reversed(items)))
    data = json.loads(text)
    assert [a["seed"] for a in data["articles"]] == ["001_a.txt", "002_b.txt"]
    assert data["articles"][1]["title"] == "B <b>" and data["articles"][1]["date"] is None
    assert '"Ä"' in text, "non-ASCII text is written as is"


def test_no_articles_is_still_valid() -> None:
    assert dumps([]) == '{\n  "articles": []\n}\n'
