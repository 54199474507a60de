"""Data-quality checks on the curated knowledge files in plugins/news_digest/knowledge/entities/.

These read the YAML directly (not through the loader) so a bad entry is reported with its
file and id even while the loader is being changed, and so the checks cover every entity file:
countries, organisations and legal instruments alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

ENTITIES_DIR = Path(__file__).resolve().parent.parent / "plugins" / "news_digest" / "knowledge" / "entities"
KINDS = {"country", "organisation", "legal_instrument"}
FIELDS = {"id", "name", "aliases", "demonyms", "ambiguous", "country", "description", "wikidata"}
LIST_FIELDS = ("aliases", "demonyms", "ambiguous")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WIKIDATA_RE = re.compile(r"^Q[0-9]+$")
MAX_DESCRIPTION = 160


def entity_files() -> list[Path]:
    return sorted(ENTITIES_DIR.glob("*.yml"))


def organisation_files() -> list[Path]:
    return sorted(ENTITIES_DIR.glob("organisations-*.yml"))


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def entries(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    return data["entities"] if isinstance(data, dict) and isinstance(data.get("entities"), list) else []


def label(path: Path, entry: dict[str, Any]) -> str:
    return f"{path.name}: {entry.get('id', '<no id>')}"


def normalise(text: str) -> str:
    """The form the loader compares names in: NFC, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def surface_forms(entry: dict[str, Any]) -> list[str]:
    forms = [entry.get("name")]
    forms += entry.get("aliases") or []
    forms += entry.get("demonyms") or []
    return [form for form in forms if isinstance(form, str)]


@pytest.fixture(scope="module")
def all_entries() -> list[tuple[Path, str, dict[str, Any]]]:
    result = []
    for path in entity_files():
        data = load(path)
        kind = data.get("kind") if isinstance(data, dict) else None
        result.extend((path, kind, entry) for entry in entries(path))
    return result


def test_organisation_files_exist() -> None:
    assert len(organisation_files()) >= 5


@pytest.mark.parametrize("path", entity_files(), ids=lambda path: path.name)
def test_file_is_a_kind_and_a_list_of_entities(path: Path) -> None:
    data = load(path)
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    assert set(data) == {"kind", "entities"}, f"{path.name}: keys must be kind and entities"
    assert data["kind"] in KINDS, f"{path.name}: unknown kind {data['kind']!r}"
    assert isinstance(data["entities"], list) and data["entities"], f"{path.name}: no entities"
    assert all(isinstance(entry, dict) for entry in data["entities"])


@pytest.mark.parametrize("path", organisation_files(), ids=lambda path: path.name)
def test_organisation_files_hold_organisations(path: Path) -> None:
    assert load(path)["kind"] == "organisation"


@pytest.mark.parametrize("path", entity_files(), ids=lambda path: path.name)
def test_file_starts_with_a_comment_saying_what_it_holds(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# ") and len(first_line) > 10


def test_required_fields_and_no_unknown_fields(all_entries) -> None:
    problems = []
    for path, _kind, entry in all_entries:
        unknown = set(entry) - FIELDS
        if unknown:
            problems.append(f"{label(path, entry)} has unknown fields {sorted(unknown)}")
        for field in ("id", "name", "description"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                problems.append(f"{label(path, entry)} lacks a {field}")
    assert not problems, "\n".join(problems)


def test_values_have_the_right_types(all_entries) -> None:
    # Catches YAML surprises such as country: NO read as False or an alias read as a number.
    problems = []
    for path, _kind, entry in all_entries:
        for field in ("country", "wikidata"):
            if field in entry and not isinstance(entry[field], str):
                problems.append(f"{label(path, entry)}: {field} is {entry[field]!r}, not text")
        for field in LIST_FIELDS:
            values = entry.get(field, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                problems.append(f"{label(path, entry)}: {field} must be a list of non-empty text")
    assert not problems, "\n".join(problems)


def test_ids_are_slugs_and_unique_within_a_kind(all_entries) -> None:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for path, kind, entry in all_entries:
        entity_id = entry.get("id")
        if not isinstance(entity_id, str) or not ID_RE.match(entity_id):
            problems.append(f"{label(path, entry)}: bad id")
            continue
        if (kind, entity_id) in seen:
            problems.append(f"{label(path, entry)}: id also used in {seen[(kind, entity_id)]}")
        seen[(kind, entity_id)] = path.name
    assert not problems, "\n".join(problems)


def test_no_name_or_alias_is_shared_between_entities(all_entries) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for path, kind, entry in all_entries:
        for form in surface_forms(entry):
            owners[normalise(form)].add(f"{path.name}:{kind}/{entry.get('id')}")
    clashes = {form: sorted(keys) for form, keys in owners.items() if len(keys) > 1}
    assert not clashes, "\n".join(f"{form!r} belongs to {keys}" for form, keys in sorted(clashes.items()))


def test_no_entity_lists_the_same_form_twice(all_entries) -> None:
    # Case is kept here: all-caps aliases match case-sensitively, so "TRIPs" beside "TRIPS" is a
    # real extra spelling, while an exact repeat is only a slip.
    problems = []
    for path, _kind, entry in all_entries:
        forms = [" ".join(unicodedata.normalize("NFC", form).split()) for form in surface_forms(entry)]
        repeated = sorted({form for form in forms if forms.count(form) > 1})
        if repeated:
            problems.append(f"{label(path, entry)} repeats {repeated}")
    assert not problems, "\n".join(problems)


def test_names_and_aliases_have_no_semicolon_or_stray_whitespace(all_entries) -> None:
    problems = []
    for path, _kind, entry in all_entries:
        for form in surface_forms(entry):
            if ";" in form or form != form.strip() or "\n" in form:
                problems.append(f"{label(path, entry)}: bad form {form!r}")
    assert not problems, "\n".join(problems)


def test_ambiguous_forms_are_the_entitys_own_names(all_entries) -> None:
    problems = []
    for path, _kind, entry in all_entries:
        own = {normalise(form) for form in surface_forms(entry)}
        for form in entry.get("ambiguous") or []:
            if normalise(form) not in own:
                problems.append(f"{label(path, entry)}: ambiguous {form!r} is not its name or alias")
    assert not problems, "\n".join(problems)


def test_descriptions_are_one_short_line(all_entries) -> None:
    problems = []
    for path, _kind, entry in all_entries:
        description = entry.get("description")
        if not isinstance(description, str):
            continue
        if "\n" in description.strip() or len(description) > MAX_DESCRIPTION:
            problems.append(f"{label(path, entry)}: description is not one line of <= {MAX_DESCRIPTION}")
        elif not description.rstrip().endswith((".", ")")):
            problems.append(f"{label(path, entry)}: description should be a sentence ending in a full stop")
    assert not problems, "\n".join(problems)


def test_country_codes_are_iso_alpha2(all_entries) -> None:
    problems = []
    for path, _kind, entry in all_entries:
        code = entry.get("country")
        if code is None:
            continue
        if not isinstance(code, str) or len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            problems.append(f"{label(path, entry)}: {code!r} is not an ISO 3166-1 alpha-2 code")
    assert not problems, "\n".join(problems)


def test_wikidata_ids_are_well_formed_and_unique(all_entries) -> None:
    seen: dict[str, str] = {}
    problems = []
    for path, _kind, entry in all_entries:
        qid = entry.get("wikidata")
        if qid is None:
            continue
        if not isinstance(qid, str) or not WIKIDATA_RE.match(qid):
            problems.append(f"{label(path, entry)}: bad wikidata id {qid!r}")
        elif qid in seen:
            problems.append(f"{label(path, entry)}: wikidata {qid} also given to {seen[qid]}")
        else:
            seen[qid] = label(path, entry)
    assert not problems, "\n".join(problems)


def test_only_countries_have_demonyms(all_entries) -> None:
    offenders = [label(path, entry) for path, kind, entry in all_entries if kind != "country" and entry.get("demonyms")]
    assert not offenders


@pytest.fixture(scope="module")
def organisation_index() -> dict[str, dict[str, Any]]:
    index = {}
    for path in organisation_files():
        for entry in entries(path):
            for form in surface_forms(entry):
                index[normalise(form)] = entry
    return index


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("IIPA", "International Intellectual Property Alliance"),
        ("USTR", "Office of the United States Trade Representative"),
        ("United States Trade Representative", "Office of the United States Trade Representative"),
        ("Rättighetsalliansen", "Rights Alliance"),
        ("PRQ", "PRQ"),
        ("Pirate Bay", "The Pirate Bay"),
        ("WikiLeaks", "WikiLeaks"),
        ("TorrentFreak", "TorrentFreak"),
        ("EU", "European Union"),
        ("Justice Department", "United States Department of Justice"),
        ("MPAA", "Motion Picture Association"),
        ("ECJ", "Court of Justice of the European Union"),
        ("Stichting BREIN", "BREIN"),
    ],
)
def test_journalists_spellings_lead_to_the_canonical_organisation(
    surface: str, canonical: str, organisation_index: dict[str, dict[str, Any]]
) -> None:
    entry = organisation_index.get(normalise(surface))
    assert entry is not None, f"{surface!r} is not known"
    assert entry["name"] == canonical


@pytest.mark.parametrize("name", ["Sparvar", "Swepiracy", "Netelligent", "Netelligent Hosting Services"])
def test_sites_left_to_the_patterns_are_not_listed(
    name: str, organisation_index: dict[str, dict[str, Any]]
) -> None:
    # These are in the test seeds; listing them would hide whether the tagger's patterns work.
    assert normalise(name) not in organisation_index


@pytest.mark.parametrize("generic", ["police", "the police", "court", "the court", "authorities", "government"])
def test_generic_words_are_never_names(generic: str, all_entries) -> None:
    forms = {normalise(form) for _path, _kind, entry in all_entries for form in surface_forms(entry)}
    assert generic not in forms


@pytest.fixture(scope="module")
def entity_index() -> dict[str, dict[str, Any]]:
    """Every organisation and instrument form -> its entry (the uniqueness test keeps this unambiguous)."""
    index = {}
    for path in entity_files():
        if load(path).get("kind") == "country":
            continue
        for entry in entries(path):
            for form in surface_forms(entry):
                index[normalise(form)] = entry
    return index


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        # native names lead to the official English name annotators use
        ("Conseil constitutionnel", "Constitutional Council"),
        ("Comisión de Propiedad Intelectual", "Intellectual Property Commission"),
        ("Ley Federal del Derecho de Autor", "Federal Copyright Law"),
        ("Assemblée nationale", "National Assembly"),
        ("Bundesministerium der Justiz", "Federal Ministry of Justice"),
        ("Cour de cassation", "Court of Cassation"),
        ("Bundesnetzagentur", "Federal Network Agency"),
        ("Østre Landsret", "Eastern High Court"),
        ("Câmara dos Deputados", "Chamber of Deputies"),
        # country-qualified forms lead to the bare official name
        ("House of Commons of the United Kingdom", "House of Commons"),
        ("Federal Senate of Brazil", "Federal Senate"),
        ("UK Intellectual Property Office", "Intellectual Property Office"),
        ("Cellcom Israel", "Cellcom"),
        ("U+C Rechtsanwälte", "U+C"),
        # instruments by the short title or number they are cited by
        ("InfoSoc Directive", "Directive 2001/29/EC"),
        ("E-Commerce Directive", "Directive 2000/31/EC"),
        ("Online Protection and Enforcement of Digital Trade Act", "OPEN Act"),
        ("Law No. 5846 on Intellectual and Artistic Works", "Law No. 5846"),
        ("Copyright Act 98 of 1978", "Copyright Act, 1978"),
        ("Copyright (Amendment) Act 2012", "Copyright (Amendment) Act, 2012"),
        ("Finnish Copyright Act", "Copyright Act of Finland"),
        ("HADOPI law", "Creation and Internet Law"),
        ("AGCOM Regulation on Online Copyright", "Resolution 680/13/CONS"),
        # renamed bodies are known by their current name, older articles by the former one
        ("Data Protection Commissioner", "Data Protection Commission"),
        ("AFACT", "Australian Screen Association"),
        ("T-Mobile Netherlands", "Odido"),
        ("UPC Ireland", "Virgin Media Ireland"),
        ("National Front", "National Rally"),
        ("Mobistar", "Orange Belgium"),
        ("EDiMA", "DOT Europe"),
        ("Consumer Electronics Association", "Consumer Technology Association"),
        ("ETNO", "Connect Europe"),
        ("Department of Jobs, Enterprise and Innovation", "Department of Enterprise, Trade and Employment"),
        # courts known by a nickname or their native name
        ("Old Bailey", "Central Criminal Court"),
        ("Oberlandesgericht Dresden", "Higher Regional Court of Dresden"),
        ("Rechtbank Midden-Nederland", "District Court of Central Netherlands"),
        ("Handelsgericht Wien", "Vienna Commercial Court"),
        ("Tribunal de Justiça de São Paulo", "São Paulo Court of Justice"),
        ("Audiencia Provincial de Barcelona", "Provincial Court of Barcelona"),
        # household names under their company's full name
        ("Samsung", "Samsung Electronics"),
        ("John Deere", "Deere & Company"),
        ("Play Store", "Google Play"),
        ("9anime", "Aniwave"),
    ],
)
def test_other_names_lead_to_the_canonical_name_annotators_use(
    surface: str, canonical: str, entity_index: dict[str, dict[str, Any]]
) -> None:
    entry = entity_index.get(normalise(surface))
    assert entry is not None, f"{surface!r} is not known"
    assert entry["name"] == canonical


@pytest.mark.parametrize(
    "generic",
    [
        "Copyright Board",
        "Federal Court of Appeal",
        "Computer Crime Act",
        "Digital Security Act",
        "General Data Protection Law",
        "Data Security Law",
        "Digital Economy Act",
        "House of Commons",
        "National Assembly",
        "Chamber of Deputies",
        "Federal Senate",
        "Intellectual Property Office",
        "Federal Ministry of Justice",
        "Ministry of Culture",
        "Court of Appeal",
        "Copyright Amendment Bill",
        "Federal Copyright Law",
        "Legislative Council",
        "Copyright Tribunal",
        "Commercial Court",
        "Law Commission",
        "Productivity Commission",
        "Copyright Review Committee",
        "Ministry of Public Security",
        "Ministry of Information and Communications",
        "Criminal Court of Peace",
        "Federal Administrative Court",
        "Telecommunications Forum",
    ],
)
def test_a_name_many_countries_use_counts_only_in_that_countrys_context(
    generic: str, entity_index: dict[str, dict[str, Any]]
) -> None:
    # Several countries have a "National Assembly" or a "Copyright Board": unless the form is
    # marked ambiguous and the entity has a country, every article naming its own would be
    # tagged with the listed one.
    entry = entity_index.get(normalise(generic))
    if entry is None:
        return
    assert entry.get("country"), f"{entry['id']} names {generic!r} but has no country"
    assert normalise(generic) in {normalise(form) for form in entry.get("ambiguous") or []}, (
        f"{entry['id']}: {generic!r} should be listed as ambiguous"
    )


@pytest.mark.parametrize("filename", ["organisations-legislatures.yml", "organisations-parties.yml"])
def test_national_bodies_have_a_country(filename: str) -> None:
    # The tagger resolves a bare "Senate" or "Labour" by the article's country; without the
    # country field a chamber or party could never be chosen that way.
    missing = [entry["id"] for entry in entries(ENTITIES_DIR / filename) if not entry.get("country")]
    assert not missing
