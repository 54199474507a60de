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
