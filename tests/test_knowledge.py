"""knowledge.py: the knowledge base loads once, validates every file and answers lookups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from news_digest.knowledge import KNOWLEDGE_ROOT, load_knowledge
from news_digest.yamlfiles import ConfigError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "knowledge"


def fixture_kb(*extra: Path):
    return load_knowledge([FIXTURES, *extra], builtin_entities=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


ORG = """kind: organisation
entities:
  - id: {id}
    name: {name}
    description: A test organisation.
"""


# --- lookups ---------------------------------------------------------------------------------


def test_get_finds_an_entity_by_kind_and_id() -> None:
    kb = fixture_kb()
    entity = kb.get("organisation/rights-alliance")
    assert entity is not None and entity.name == "Rights Alliance"
    assert kb.get("country/rights-alliance") is None


def test_find_accepts_any_listed_spelling_in_any_case() -> None:
    kb = fixture_kb()
    assert kb.find("country", "U.S.").id == "united-states"
    assert kb.find("country", "us").id == "united-states"
    assert kb.find("country", "Dutch").id == "netherlands"
    assert kb.find("organisation", "the pirate bay").id == "the-pirate-bay"
    assert kb.find("organisation", "rättighetsalliansen").id == "rights-alliance"
    assert kb.find("organisation", "Canada") is None


def test_entities_are_sorted_by_kind_then_id() -> None:
    kb = fixture_kb()
    order = [(e.kind, e.id) for e in kb.entities]
    kinds = ["country", "organisation", "legal_instrument"]
    assert order == sorted(order, key=lambda pair: (kinds.index(pair[0]), pair[1]))
    assert all(e.known for e in kb.entities)


def test_two_loads_are_equal_and_the_matcher_is_left_out_of_equality() -> None:
    first, second = fixture_kb(), fixture_kb()
    assert first == second
    assert first.matcher is not second.matcher


def test_the_real_knowledge_base_loads() -> None:
    kb = load_knowledge()
    assert kb.find("country", "Canada") is not None
    assert len(kb.entities) > 300


# --- fingerprint -----------------------------------------------------------------------------


def test_fingerprint_changes_with_any_knowledge_file(tmp_path: Path) -> None:
    extra = write(tmp_path, "orgs.yml", ORG.format(id="acme", name="Acme Widgets"))
    before = fixture_kb(extra).fingerprint
    assert fixture_kb(extra).fingerprint == before
    extra.write_text(ORG.format(id="acme", name="Acme Gadgets"), "utf-8")
    assert fixture_kb(extra).fingerprint != before


def test_fingerprint_does_not_depend_on_where_the_files_are(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, copy)
    assert load_knowledge(root=copy).fingerprint == load_knowledge().fingerprint


# --- validation: every problem names the file, the entry and the reason ------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("kind: organisation\nentities: [\n", "not valid YAML"),
        ("kind: planet\nentities: []\n", "kind must be one of"),
        ("kind: organisation\nentities:\n  - id: acme\n    name: Acme\n", "missing or empty description"),
        ("kind: organisation\nentities:\n  - id: acme\n    description: x\n", "missing or empty name"),
        ("kind: organisation\nentities:\n  - id: Acme Ltd\n    name: Acme\n    description: x\n", "id must be"),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    description: x\n    website: a\n",
            "unknown field(s): website",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    aliases: [A;B]\n    description: x\n",
            "must not contain ';'",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    demonyms: [Acmean]\n    description: x\n",
            "only countries have demonyms",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    ambiguous: [Widget]\n    description: x\n",
            "is not its name, an alias or a demonym",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    country: Sweden\n    description: x\n",
            "ISO 3166-1 alpha-2",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    wikidata: 42\n    description: x\n",
            "wikidata must be",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    description: " + "x" * 161 + "\n",
            "longer than 160",
        ),
        (
            "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    aliases: [yes]\n    description: x\n",
            'quote words YAML reads as true/false',
        ),
        ("colour: blue\n", "unknown kind of knowledge file"),
    ],
)
def test_a_bad_entity_file_is_refused_with_its_reason(tmp_path: Path, text: str, reason: str) -> None:
    bad = write(tmp_path, "bad.yml", text)
    with pytest.raises(ConfigError) as caught:
        fixture_kb(bad)
    assert reason in str(caught.value)
    assert "bad.yml" in caught.value.file


def test_the_error_names_the_entry(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yml", "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n")
    with pytest.raises(ConfigError) as caught:
        fixture_kb(bad)
    assert caught.value.entry == "entity 'acme'"


def test_a_duplicate_id_within_a_kind_is_refused(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yml", ORG.format(id="google", name="Alphabet"))
    with pytest.raises(ConfigError, match="duplicate id"):
        fixture_kb(bad)


def test_an_alias_of_two_entities_is_refused_whatever_its_case(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yml", ORG.format(id="rights-alliance-2", name="RIGHTS alliance"))
    with pytest.raises(ConfigError, match="duplicate alias 'RIGHTS alliance'.*organisation/rights-alliance"):
        fixture_kb(bad)


def test_the_same_string_twice_in_one_entity_is_refused(tmp_path: Path) -> None:
    text = "kind: organisation\nentities:\n  - id: acme\n    name: Acme\n    aliases: [Acme]\n    description: x\n"
    with pytest.raises(ConfigError, match="listed twice"):
        fixture_kb(write(tmp_path, "bad.yml", text))


def test_a_missing_extra_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        fixture_kb(tmp_path / "nowhere.yml")


def test_a_stop_phrase_that_is_an_alias_is_refused(tmp_path: Path) -> None:
    bad = write(tmp_path, "stop.yml", "phrases: [Pirate Bay]\n")
    with pytest.raises(ConfigError, match="is an alias of organisation/the-pirate-bay"):
        fixture_kb(bad)


def test_common_words_must_be_single_lowercase_words(tmp_path: Path) -> None:
    bad = write(tmp_path, "stop.yml", "common_words: [Table]\n")
    with pytest.raises(ConfigError, match="single lowercase words"):
        fixture_kb(bad)


@pytest.mark.parametrize("field", ["technical_terms", "given_names"])
def test_technical_terms_and_given_names_are_single_words(tmp_path: Path, field: str) -> None:
    with pytest.raises(ConfigError, match="must be one word"):
        fixture_kb(write(tmp_path, "stop.yml", f"{field}: [Mary Ann]\n"))


def test_extra_technical_terms_given_names_and_section_words_are_used(tmp_path: Path) -> None:
    stop = write(tmp_path, "stop.yml", "technical_terms: [NNTP]\ngiven_names: [Zorba]\n")
    words = write(tmp_path, "words.yml", "words:\n  section_words: [Rule]\n")
    matcher = fixture_kb(stop, words).matcher.index
    assert "nntp" in matcher.technical_terms and "zorba" in matcher.given_names and "rule" in matcher.section_words
    assert "nntp" in matcher.never_near and "zorba" in matcher.never_near


def test_a_law_s_year_and_a_body_s_file_are_known(tmp_path: Path) -> None:
    matcher = fixture_kb().matcher.index
    assert matcher.entity_year["legal_instrument/copyright-act-of-1976"] == 1976
    assert "legal_instrument/dmca" not in matcher.entity_year
    category = matcher.entity_category
    assert category["organisation/telus"] == category["organisation/optus"] != category["organisation/choice-australia"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("patterns:\n  - id: p\n    kind: organisation\n    description: x\n    match: '{nonsense}'\n", "unknown class or macro"),
        ("patterns:\n  - id: p\n    kind: organisation\n    description: x\n    match: '({cap}'\n", "bad regular expression"),
        ("patterns:\n  - id: p\n    kind: country\n    description: x\n    match: '{cap}'\n", "kind must be one of"),
        ("patterns:\n  - id: named-body\n    kind: organisation\n    description: x\n    match: '{cap}'\n", "duplicate pattern id"),
        ("patterns:\n  - id: p\n    kind: organisation\n    match: '{cap}'\n", "missing or empty description"),
        ("words:\n  colours: [Red]\n", "unknown word list"),
    ],
)
def test_a_bad_pattern_file_is_refused_with_its_reason(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        fixture_kb(write(tmp_path, "patterns-extra.yml", text))


def test_extra_files_add_entities_and_patterns(tmp_path: Path) -> None:
    orgs = write(tmp_path, "orgs.yml", ORG.format(id="acme", name="Acme Widgets"))
    words = write(tmp_path, "words.yml", "words:\n  org_heads: [Syndicate]\n")
    kb = fixture_kb(orgs, words)
    assert kb.find("organisation", "acme widgets").id == "acme"
    assert kb.matcher.classify("Syndicate") == kb.matcher.classify("Alliance")
