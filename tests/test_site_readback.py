"""site/readback.py, body.py, by_name.py, records.py: a published article read back into its entities.

A generated article whose file is intact is read by key from its annotations.json
record; any other (hand-written, or edited by hand since) from its names and links.
"""

from __future__ import annotations

from news_digest.models import Document, Entity
from news_digest.site import by_name
from news_digest.site.body import read_body
from news_digest.site.facts import SeenMention

CANADA = Entity(id="canada", kind="country", name="Canada", description="Country in North America.")
SWEDEN = Entity(id="sweden", kind="country", name="Sweden")
ACTA = Entity(id="acta", kind="legal_instrument", name="Anti-Counterfeiting Trade Agreement", aliases=("ACTA",))
KNOWN = {("country", "Canada"): CANADA, ("legal_instrument", "ACTA"): ACTA}


def find(kind: str, name: str) -> Entity | None:
    return KNOWN.get((kind, name))


def test_metadata_lists_split_on_semicolons_and_repeated_keys() -> None:
    assert by_name.split_names("Canada; Sweden;  United   States ;") == ("Canada", "Sweden", "United States")
    assert by_name.split_names(["Canada", "Sweden; Canada"]) == ("Canada", "Sweden")
    assert by_name.split_names(None) == ()
    assert by_name.as_list("One headline") == ("One headline",)
    assert by_name.as_list(["A", " ", "B"]) == ("A", "B")


def test_relevance_line_is_parsed_and_malformed_parts_are_ignored() -> None:
    line = "country/canada 0.93; organisation/rights-alliance 0.71; broken; country/x high; country/y 7"
    assert by_name.parse_relevance(line) == {"country/canada": 0.93, "organisation/rights-alliance": 0.71}


def test_names_resolve_through_the_knowledge_base_or_become_unknown_entities() -> None:
    resolved = by_name.resolve_entities(
        {"legal_instrument": ("ACTA",), "country": ("Canada", "Rättvik Land")},
        {"country/canada": 0.9, "legal_instrument/acta": 0.4},
        find,
        {"country/rattvik-land": "Seen in the text."},
    )
    assert [(entity.key, entity.known, relevance) for entity, relevance in resolved] == [
        ("country/canada", True, 0.9),
        ("country/rattvik-land", False, by_name.DEFAULT_RELEVANCE),
        ("legal_instrument/acta", True, 0.4),
    ]
    assert resolved[1][0].name == "Rättvik Land"
    assert resolved[1][0].description == "Seen in the text."


def test_an_unknown_name_takes_the_id_the_relevance_line_gives_at_its_position() -> None:
    resolved = by_name.resolve_entities(
        {"organisation": ("Sparvar", "Hostwell Hosting")},
        {"country/canada": 0.9, "organisation/sparvar-org": 0.7, "organisation/hostwell": 0.2},
        find,
    )
    assert [(entity.id, entity.name, relevance) for entity, relevance in resolved] == [
        ("sparvar-org", "Sparvar", 0.7), ("hostwell", "Hostwell Hosting", 0.2),
    ]
    # When the line does not list every name, ids fall back to the names' slugs.
    partial = by_name.resolve_entities({"organisation": ("Sparvar", "Hostwell")}, {"organisation/x": 0.5}, find)
    assert [entity.id for entity, _ in partial] == ["sparvar", "hostwell"]


def test_two_names_of_one_entity_count_once() -> None:
    resolved = by_name.resolve_entities({"legal_instrument": ("ACTA", "ACTA")}, {}, find)
    assert [entity.key for entity, _ in resolved] == ["legal_instrument/acta"]


BODY = (
    '<p><a class="mention" href="../entities/country/canada.html" data-kind="country" data-entity="canada" '
    'data-desc="Country in North America.">Canadian</a> police   raided\na site.</p>\n'
    "<h2>What <em>happened</em></h2>\n"
    '<aside class="update">\n<p>Update: <a class="mention" href="x.html" data-kind="legal_instrument" '
    'data-entity="acta" data-desc="">ACTA</a> &amp; more.</p>\n</aside>\n'
    '<p>A <a href="https://example.com">plain link</a> and <a class="mention" data-kind="planet" '
    'data-entity="mars">Mars</a>.</p>'
)


def test_body_html_reads_back_into_blocks_and_mention_links() -> None:
    blocks, links = read_body(BODY)
    assert [(block.kind, block.text) for block in blocks] == [
        ("paragraph", "Canadian police raided a site."),
        ("subheading", "What happened"),
        ("update", "Update: ACTA & more."),
        ("paragraph", "A plain link and Mars."),
    ]
    assert [(link.block, blocks[link.block].text[link.start : link.end], link.key) for link in links] == [
        (0, "Canadian", "country/canada"),
        (2, "ACTA", "legal_instrument/acta"),
    ]


def test_annotate_gives_offsets_into_the_rebuilt_text() -> None:
    blocks, links = read_body(BODY)
    document = Document(seed="s.txt", seed_hash="", title="Raid in Canada", blocks=())
    annotated, seen = by_name.annotate(document, blocks, links, [(CANADA, 0.8), (SWEDEN, 0.2)])
    text = annotated.document.text
    canada = annotated.entities[0]
    assert [(text[m.start : m.end], m.text) for m in canada.mentions] == [("Canadian", "Canadian")]
    assert annotated.entities[1].mentions == ()  # named only in metadata
    assert seen[0] == SeenMention("country/canada", "Canadian", "Country in North America.")


def test_an_article_without_entity_lines_takes_its_entities_from_its_links() -> None:
    blocks, links = read_body(BODY)
    document = Document(seed="s.txt", seed_hash="", title="T", blocks=())
    annotated, _ = by_name.annotate(document, blocks, links, [], lambda key: ACTA if key == "legal_instrument/acta" else None)
    assert [(t.entity.key, t.entity.name, t.entity.known) for t in annotated.entities] == [
        ("country/canada", "Canadian", False),
        ("legal_instrument/acta", "Anti-Counterfeiting Trade Agreement", True),
    ]


def test_an_entity_linked_but_not_listed_still_gets_a_page() -> None:
    blocks, links = read_body(BODY)
    document = Document(seed="s.txt", seed_hash="", title="T", blocks=())
    annotated, _ = by_name.annotate(document, blocks, links, [(SWEDEN, 0.9)])
    assert [t.entity.key for t in annotated.entities] == ["country/sweden", "country/canada", "legal_instrument/acta"]


# --- generated articles: read by key from their annotations.json record ------------------------

import datetime as dt  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402

from news_digest.annotations import article_record  # noqa: E402
from news_digest.models import AnnotatedDocument, Block, Mention, TaggedEntity  # noqa: E402
from news_digest.settings import parse_settings  # noqa: E402
from news_digest.site import catalogue, readback  # noqa: E402
from news_digest.sync import stamp  # noqa: E402

PIRATES_SE = Entity(id="pirate-party-sweden", kind="organisation", name="Pirate Party Sweden",
                    aliases=("Pirate Party",), description="Swedish party.")
SETTINGS = parse_settings({"annotate_on_build": False})
TITLE = "Apple v Apple: Pirate Party watches"
BODY_TEXT = "Apple sued Apple over a logo, and the Pirate Party spoke up."


class Knowledge:
    """A knowledge base that lists Pirate Party Sweden, known also as "Pirate Party"."""

    def find(self, kind: str, name: str) -> Entity | None:
        return PIRATES_SE if kind == "organisation" and name in ("Pirate Party", "Pirate Party Sweden") else None

    def get(self, key: str) -> Entity | None:
        return PIRATES_SE if key == PIRATES_SE.key else None


def _link(entity_id: str, text: str) -> str:
    return (f'<a class="mention" href="../entities/organisation/{entity_id}.html" data-kind="organisation" '
            f'data-entity="{entity_id}" data-desc="">{text}</a>')


def _generated(folder: Path, edited: bool = False) -> tuple[SimpleNamespace, dict]:
    """An article the converter wrote: two unlisted entities both named "Apple", and an unlisted
    "Pirate Party" whose name is also an alias of a listed entity; its file and its record."""
    start = len(TITLE) + 2
    found = [("apple-inc", "Apple", 0, 0.8), ("apple-corps", "Apple", 11, 0.61), ("pirate-party", "Pirate Party", 38, 0.3)]
    title_mention = Mention("Apple", 0, 5)
    entities = tuple(
        TaggedEntity(Entity(id=entity_id, kind="organisation", name=name, known=False),
                     ((title_mention,) if entity_id == "apple-inc" else ()) + (Mention(name, start + at, start + at + len(name)),),
                     relevance)
        for entity_id, name, at, relevance in found
    )
    document = Document(seed="s.txt", seed_hash="", title=TITLE, blocks=(Block("paragraph", BODY_TEXT),),
                        date=dt.date(2020, 1, 2))
    assert [document.text[m.start : m.end] for t in entities for m in t.mentions] == ["Apple", "Apple", "Apple", "Pirate Party"]
    html = (f"<p>{_link('apple-inc', 'Apple')} sued {_link('apple-corps', 'Apple')} over a logo, and the "
            f"{_link('pirate-party', 'Pirate Party')} spoke up.</p>")
    metadata = {"seed": "s.txt", "date_source": "sources", "organisations": "Apple; Apple; Pirate Party",
                "relevance": "organisation/apple-inc 0.80; organisation/apple-corps 0.61; organisation/pirate-party 0.30"}
    path = folder / "s.md"
    text = stamp(f"Title: {TITLE}\nSeed: s.txt\n\n{html}\n", "0" * 64, "test")
    path.write_text(text.replace("sued", "took on") if edited else text, "utf-8")
    article = SimpleNamespace(slug="two-apples", url="articles/two-apples.html", title=TITLE, content=html,
                              metadata=metadata, source_path=str(path), date=dt.datetime(2020, 1, 2))
    record = json.loads(json.dumps(article_record("two-apples", AnnotatedDocument(document, entities))))
    return article, record


def _read(article: SimpleNamespace, record: dict) -> readback.ArticleFacts:
    return readback.article_facts(article, Knowledge(), SETTINGS, readback.record_for(article, {"s.txt": record}))


def test_a_generated_article_takes_its_entities_by_key_even_when_names_repeat_or_collide(tmp_path: Path) -> None:
    article, record = _generated(tmp_path)
    facts = _read(article, record)
    assert [(t.entity.key, t.entity.name, t.entity.known, t.relevance) for t in facts.entities] == [
        ("organisation/apple-inc", "Apple", False, 0.8),
        ("organisation/apple-corps", "Apple", False, 0.61),
        # Named like an alias of the listed Pirate Party Sweden, but the tagger found another party.
        ("organisation/pirate-party", "Pirate Party", False, 0.3),
    ]
    # The headline's mention is kept; quotes and spellings come from the body, in reading order.
    assert [m.start for m in facts.entities[0].mentions][0] == 0
    assert catalogue.mention_quote(facts, "organisation/apple-corps") == ("Apple sued ", "Apple", " over a logo, and the Pirate Party spoke …")
    assert [(m.key, m.text) for m in facts.mentions] == [
        ("organisation/apple-inc", "Apple"), ("organisation/apple-corps", "Apple"), ("organisation/pirate-party", "Pirate Party"),
    ]


def test_read_by_name_the_same_article_loses_one_apple_and_takes_the_wrong_party(tmp_path: Path) -> None:
    # What the record is there for: the names alone cannot tell the two Apples apart.
    article, _ = _generated(tmp_path)
    facts = readback.article_facts(article, Knowledge(), SETTINGS)
    # The two names "Apple" fold into one slug, the party resolves to the listed one, and the
    # linked keys come in again, each at the default relevance.
    assert [(t.entity.key, t.relevance) for t in facts.entities] == [
        ("organisation/apple", 0.5), ("organisation/pirate-party-sweden", 0.5), ("organisation/apple-inc", 0.5),
        ("organisation/apple-corps", 0.5), ("organisation/pirate-party", 0.5),
    ]


def test_an_article_edited_by_hand_is_read_from_its_page_not_its_record(tmp_path: Path) -> None:
    article, record = _generated(tmp_path, edited=True)
    assert readback.record_for(article, {"s.txt": record}) is None
    facts = _read(article, record)
    assert "organisation/pirate-party-sweden" in [t.entity.key for t in facts.entities]  # by name, as before


@pytest.mark.parametrize("change", ["slug", "offset", "title"])
def test_a_record_that_no_longer_matches_the_page_is_not_used(tmp_path: Path, change: str) -> None:
    article, record = _generated(tmp_path)
    if change == "slug":
        record["slug"] = "another-article"
    elif change == "offset":
        record["entities"][1]["mentions"][0]["start"] += 1
    else:
        record["title"] = "An older headline"
    facts = _read(article, record)
    assert "organisation/pirate-party-sweden" in [t.entity.key for t in facts.entities]


def test_a_hand_written_article_is_read_from_its_names_and_links(tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("Title: Mine\n\nBody.\n", "utf-8")  # no Generator line: written by hand
    article = SimpleNamespace(
        slug="mine", url="articles/mine.html", title="Mine", source_path=str(path), date=dt.datetime(2020, 1, 2),
        content=f"<p>The {_link('pirate-party-sweden', 'Pirate Party')} and {_link('hostwell', 'Hostwell')}.</p>",
        metadata={"organisations": "Pirate Party", "relevance": "organisation/pirate-party-sweden 0.9"},
    )
    assert readback.record_for(article, {"mine.md": {"slug": "mine"}}) is None
    facts = readback.article_facts(article, Knowledge(), SETTINGS)
    assert [(t.entity.key, t.entity.known, t.relevance) for t in facts.entities] == [
        ("organisation/pirate-party-sweden", True, 0.9), ("organisation/hostwell", False, by_name.DEFAULT_RELEVANCE),
    ]
    assert catalogue.mention_quote(facts, "organisation/hostwell") == ("The Pirate Party and ", "Hostwell", ".")
