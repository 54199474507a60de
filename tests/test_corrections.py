"""corrections: editors' fixes are validated strictly and change the article as asked."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from news_digest.corrections import (
    ArticleCorrection,
    Corrections,
    apply_corrections,
    correct_document,
    load_corrections,
)
from news_digest.models import AnnotatedDocument, Block, Document, Entity, Mention, TaggedEntity
from news_digest.yamlfiles import ConfigError

EXAMPLE = """\
articles:
  000_52cd81008fab5fa3.txt:
    title: Corrected headline
    date: 2014-05-15
    add: {organisation: [Some Org Name], country: [Norway]}
    drop: [Montreal, Warez Scene]
  "my seed.txt":
    slug: my-pinned-slug
stop: [Warez Scene, Scene]
"""

NORWAY = Entity(
    id="norway",
    kind="country",
    name="Norway",
    aliases=("Kingdom of Norway",),
    demonyms=("Norwegian",),
    description="Country in Northern Europe.",
)
CANADA = Entity(id="canada", kind="country", name="Canada", demonyms=("Canadian",))
SCENE = Entity(id="warez-scene", kind="organisation", name="Warez Scene", aliases=("Scene",), known=False)
PRQ = Entity(id="prq", kind="organisation", name="PRQ", aliases=("PRQ Inet",))
MONTREAL = Entity(id="montreal", kind="organisation", name="Montreal", known=False)


class FakeKnowledge:
    """Finds entities by name or alias, as the real knowledge base does."""

    def __init__(self, *entities: Entity) -> None:
        self.entities = entities

    def find(self, kind: str, name: str) -> Entity | None:
        for entity in self.entities:
            if entity.kind == kind and name.casefold() in {
                n.casefold() for n in (entity.name, *entity.aliases)
            }:
                return entity
        return None


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corrections.yml"
    path.write_text(text, "utf-8")
    return path


def annotated_example() -> AnnotatedDocument:
    text_blocks = (
        "Police in Montreal and Canada raided the Warez Scene and the Scene, PRQ said. "
        "Norwegian sites and Norway watched.",
    )
    document = Document(
        seed="000_52cd81008fab5fa3.txt",
        seed_hash="sha256:" + "1" * 64,
        title="Raid",
        blocks=tuple(Block("paragraph", t) for t in text_blocks),
    )
    text = document.text

    def at(surface: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        return Mention(surface, start, start + len(surface))

    return AnnotatedDocument(
        document,
        (
            TaggedEntity(CANADA, (at("Canada"),), 0.9),
            TaggedEntity(MONTREAL, (at("Montreal"),), 0.3),
            TaggedEntity(PRQ, (at("PRQ"),), 0.6),
            TaggedEntity(SCENE, (at("Warez Scene"), at("Scene", 1)), 0.4),
        ),
    )


def test_the_documented_example_loads(tmp_path: Path) -> None:
    corrections = load_corrections(write(tmp_path, EXAMPLE))
    assert corrections.get("000_52cd81008fab5fa3.txt") == ArticleCorrection(
        title="Corrected headline",
        date=dt.date(2014, 5, 15),
        add=(("organisation", "Some Org Name"), ("country", "Norway")),
        drop=("Montreal", "Warez Scene"),
    )
    assert corrections.get("my seed.txt") == ArticleCorrection(slug="my-pinned-slug")
    assert corrections.stop == ("Warez Scene", "Scene")
    assert corrections.get("other.txt") is None


def test_a_missing_or_empty_file_means_no_corrections(tmp_path: Path) -> None:
    assert load_corrections(tmp_path / "absent.yml").articles == {}
    assert load_corrections(write(tmp_path, "# nothing yet\n")).stop == ()


@pytest.mark.parametrize(
    "text, words",
    [
        ("article:\n  a.txt: {title: x}\n", ["top level", "article"]),
        ("articles:\n  a.txt: {titel: x}\n", ["a.txt", "titel"]),
        ("articles:\n  a.txt: {date: 2014-13-45}\n", ["a.txt", "date", "2014-13-45"]),
        ("articles:\n  a.txt: {date: last week}\n", ["a.txt", "date"]),
        ("articles:\n  a.txt: {add: {person: [Bob]}}\n", ["a.txt", "person"]),
        ("articles:\n  a.txt: {add: [Bob]}\n", ["a.txt", "add"]),
        ("articles:\n  a.txt: {add: {country: [1]}}\n", ["a.txt", "country"]),
        ("articles:\n  a.txt: {drop: {x: 1}}\n", ["a.txt", "drop"]),
        ("articles:\n  a.txt: {title: '  '}\n", ["a.txt", "title"]),
        ("articles:\n  a.txt: {slug: Not A Slug}\n", ["a.txt", "slug"]),
        ("articles:\n  a.txt: just a string\n", ["a.txt"]),
        ("stop: {a: b}\n", ["stop"]),
        ("articles:\n  a.txt: {slug: same}\n  b.txt: {slug: same}\n", ["b.txt", "slug", "a.txt"]),
        ("articles: [a, b]\n", ["articles"]),
        ("articles:\n  a.txt: {title: [unclosed\n", ["cannot be read"]),
    ],
)
def test_mistakes_stop_the_run_naming_file_and_entry(tmp_path: Path, text: str, words: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_corrections(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_headline_and_date_corrections_change_the_document(tmp_path: Path) -> None:
    corrections = load_corrections(write(tmp_path, EXAMPLE))
    document = annotated_example().document
    corrected = correct_document(document, corrections)
    assert (corrected.title, corrected.date, corrected.date_source) == (
        "Corrected headline",
        dt.date(2014, 5, 15),
        "sources",
    )
    assert corrected.blocks == document.blocks
    other = Document(seed="unrelated.txt", seed_hash="", title="Kept", blocks=())
    assert correct_document(other, corrections) is other


def test_stop_drop_and_add_change_the_entities(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corrections = load_corrections(write(tmp_path, EXAMPLE))
    result = apply_corrections(annotated_example(), corrections, FakeKnowledge(NORWAY, PRQ))
    names = [(t.entity.key, t.entity.known, t.relevance) for t in result.entities]
    assert names == [
        ("country/canada", True, 0.9),
        ("country/norway", True, 0.5),
        ("organisation/prq", True, 0.6),
        ("organisation/some-org-name", False, 0.5),
    ]
    norway = result.entities[1]
    text = result.document.text
    assert [(m.text, text[m.start : m.end]) for m in norway.mentions] == [
        ("Norwegian", "Norwegian"),
        ("Norway", "Norway"),
    ]
    assert norway.entity.description == "Country in Northern Europe."
    assert result.entities[3].mentions == ()


def test_stop_removes_only_stopped_spellings(tmp_path: Path) -> None:
    corrections = Corrections(stop=("Scene",))
    result = apply_corrections(annotated_example(), corrections, FakeKnowledge())
    scene = next(t for t in result.entities if t.entity.id == "warez-scene")
    assert [m.text for m in scene.mentions] == ["Warez Scene"]


def test_drop_accepts_keys_and_aliases_and_warns_when_nothing_matches(
    caplog: pytest.LogCaptureFixture,
) -> None:
    corrections = Corrections(
        articles={
            "000_52cd81008fab5fa3.txt": ArticleCorrection(drop=("country/canada", "prq inet", "Atlantis"))
        },
        source="seeds/corrections.yml",
    )
    with caplog.at_level(logging.WARNING):
        result = apply_corrections(annotated_example(), corrections, FakeKnowledge())
    assert [t.entity.id for t in result.entities] == ["montreal", "warez-scene"]
    assert "Atlantis" in caplog.text and "000_52cd81008fab5fa3.txt" in caplog.text


def test_adding_an_entity_already_found_changes_nothing() -> None:
    corrections = Corrections(
        articles={"000_52cd81008fab5fa3.txt": ArticleCorrection(add=(("country", "Canada"),))}
    )
    original = annotated_example()
    assert apply_corrections(original, corrections, FakeKnowledge(CANADA)) == original


def test_fingerprint_changes_only_with_the_entry_or_the_stop_list(tmp_path: Path) -> None:
    first = load_corrections(write(tmp_path, EXAMPLE))
    second = load_corrections(write(tmp_path, EXAMPLE.replace("Corrected headline", "Another")))
    third = load_corrections(write(tmp_path, EXAMPLE.replace("Scene]", "Scene, X]")))
    seed = "000_52cd81008fab5fa3.txt"
    assert first.fingerprint(seed) != second.fingerprint(seed)
    assert first.fingerprint("my seed.txt") == second.fingerprint("my seed.txt")
    assert first.fingerprint("my seed.txt") != third.fingerprint("my seed.txt")
