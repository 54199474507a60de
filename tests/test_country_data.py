"""The generated country entities: complete, deterministic, committed, and sane."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pycountry
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_PATH = ROOT / "tools" / "generate_countries.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_countries", GENERATOR_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


@pytest.fixture(scope="module")
def generated() -> str:
    return generator.generate()


@pytest.fixture(scope="module")
def entities(generated: str) -> list[dict]:
    data = yaml.safe_load(generated)
    assert data["kind"] == "country"
    return data["entities"]


@pytest.fixture(scope="module")
def extras() -> dict:
    return generator.load_extras()


@pytest.fixture(scope="module")
def by_id(entities: list[dict]) -> dict[str, dict]:
    return {entity["id"]: entity for entity in entities}


def _owner_of(entities: list[dict], text: str) -> str | None:
    key = generator.normalise(text)
    for entity in entities:
        names = (entity["name"], *entity.get("aliases", ()), *entity.get("demonyms", ()))
        if key in {generator.normalise(name) for name in names}:
            return entity["id"]
    return None


def test_committed_file_matches_the_generator(generated: str) -> None:
    committed = generator.OUTPUT.read_text(encoding="utf-8")
    assert committed == generated, "run ./dev generate-countries and commit countries.yml"


def test_generation_is_deterministic(generated: str) -> None:
    assert generator.generate() == generated


def test_every_iso_3166_entry_is_present_once(entities: list[dict]) -> None:
    codes = [entity["country"] for entity in entities]
    assert sorted(codes) == sorted(country.alpha_2 for country in pycountry.countries)
    assert len(set(codes)) == len(codes)


def test_ids_are_unique_slugs_of_the_common_name(by_id: dict[str, dict]) -> None:
    assert by_id["united-states"]["country"] == "US"
    assert by_id["united-kingdom"]["country"] == "GB"
    assert by_id["south-korea"]["country"] == "KR"
    assert by_id["netherlands"]["country"] == "NL"
    assert by_id["russia"]["country"] == "RU"
    for entity_id in by_id:
        assert generator.ID_PATTERN.fullmatch(entity_id), entity_id


def test_common_names_lead_and_official_names_become_aliases(by_id: dict[str, dict]) -> None:
    assert by_id["iran"]["name"] == "Iran"
    assert "Islamic Republic of Iran" in by_id["iran"]["aliases"]
    assert "Czechia" in by_id["czech-republic"]["aliases"]
    assert "Viet Nam" in by_id["vietnam"]["aliases"]
    assert "Türkiye" in by_id["turkey"]["aliases"]
    # Inverted catalogue forms never occur in prose and are not listed.
    for entity in by_id.values():
        for alias in entity.get("aliases", ()):
            assert not alias.endswith((" of", " of the")), alias


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("Canadian", "canada"),
        ("Canadians", "canada"),
        ("Dutch", "netherlands"),
        ("Holland", "netherlands"),
        ("Swedish", "sweden"),
        ("Swedes", "sweden"),
        ("Belgian", "belgium"),
        ("American", "united-states"),
        ("U.S.", "united-states"),
        ("British", "united-kingdom"),
        ("UK", "united-kingdom"),
        ("Filipino", "philippines"),
        ("New Zealander", "new-zealand"),
        ("Ivorian", "ivory-coast"),
        ("Côte d'Ivoire", "ivory-coast"),
        ("Burma", "myanmar"),
        ("Swaziland", "eswatini"),
        ("Macedonia", "north-macedonia"),
    ],
)
def test_names_and_demonyms_resolve_to_the_right_country(
    entities: list[dict], text: str, entity_id: str
) -> None:
    assert _owner_of(entities, text) == entity_id


def test_every_sovereign_state_has_demonyms_or_says_why_not(
    extras: dict, entities: list[dict]
) -> None:
    by_code = {entity["country"]: entity for entity in entities}
    sovereign = [code for code, entry in extras.items() if entry.get("sovereign")]
    # 193 UN members, the two observer states and Taiwan.
    assert len(sovereign) == 196
    for code in sovereign:
        entity = by_code[code]
        assert entity.get("demonyms") or extras[code].get("demonym_note"), code
        assert entity.get("wikidata"), code


def test_demonyms_look_like_demonyms(entities: list[dict]) -> None:
    for entity in entities:
        for demonym in entity.get("demonyms", ()):
            assert demonym[0].isupper(), demonym
            assert demonym != entity["name"], demonym


def test_no_string_names_two_countries(entities: list[dict]) -> None:
    seen: dict[str, str] = {}
    for entity in entities:
        for text in (entity["name"], *entity.get("aliases", ()), *entity.get("demonyms", ())):
            key = generator.normalise(text)
            assert seen.setdefault(key, entity["id"]) == entity["id"], text


def test_regions_and_the_eu_are_not_countries(entities: list[dict]) -> None:
    for text in ("Europe", "European", "EU", "European Union", "Scandinavia", "Scandinavian"):
        assert _owner_of(entities, text) is None, text


def test_words_with_other_meanings_are_marked_ambiguous(by_id: dict[str, dict]) -> None:
    for entity_id, word in [
        ("chad", "Chad"),
        ("jordan", "Jordan"),
        ("georgia", "Georgia"),
        ("turkey", "Turkey"),
        ("jersey", "Jersey"),
        ("poland", "Polish"),
        ("south-korea", "Korea"),
    ]:
        assert word in by_id[entity_id].get("ambiguous", ()), word


def test_descriptions_are_single_short_sentences(entities: list[dict]) -> None:
    for entity in entities:
        description = entity["description"]
        assert len(description) <= generator.MAX_DESCRIPTION, entity["id"]
        assert description.endswith(".") and "\n" not in description, entity["id"]


def _fake(code: str, name: str, **names: str) -> SimpleNamespace:
    return SimpleNamespace(alpha_2=code, name=name, **names)


def test_generator_requires_a_description() -> None:
    with pytest.raises(generator.ExtrasError, match="no description"):
        generator.build_entities([_fake("XA", "Examplia")], {})


def test_generator_rejects_a_stale_drop_entry() -> None:
    extras = {"XA": {"description": "Test land.", "drop": ["Examplia, Republic of"]}}
    with pytest.raises(generator.ExtrasError, match="drop"):
        generator.build_entities([_fake("XA", "Examplia")], extras)


def test_generator_rejects_a_name_shared_by_two_countries() -> None:
    extras = {
        "XA": {"description": "Test land.", "demonyms": ["Examplian"]},
        "XB": {"description": "Other test land.", "aliases": ["Examplian"]},
    }
    countries = [_fake("XA", "Examplia"), _fake("XB", "Otheria")]
    with pytest.raises(generator.ExtrasError, match="names both"):
        generator.build_entities(countries, extras)


def test_generator_rejects_ambiguity_about_unlisted_words() -> None:
    extras = {"XA": {"description": "Test land.", "ambiguous": ["Exam"]}}
    with pytest.raises(generator.ExtrasError, match="ambiguous"):
        generator.build_entities([_fake("XA", "Examplia")], extras)


def test_extras_loader_rejects_unknown_fields_and_unquoted_no(tmp_path: Path) -> None:
    bad_field = tmp_path / "field.yml"
    bad_field.write_text("XA: {description: Test land., capital: Exampleton}\n", encoding="utf-8")
    with pytest.raises(generator.ExtrasError, match="unknown field"):
        generator.load_extras(bad_field)
    bad_key = tmp_path / "key.yml"
    bad_key.write_text("NO: {description: Test land.}\n", encoding="utf-8")
    with pytest.raises(generator.ExtrasError, match="alpha-2"):
        generator.load_extras(bad_key)


def test_leading_the_is_dropped_from_official_names(by_id: dict[str, dict]) -> None:
    assert "State of Palestine" in by_id["palestine"]["aliases"]
    assert "State of Eritrea" in by_id["eritrea"]["aliases"]
