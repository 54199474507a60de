"""Generate the knowledge base's country entities from pycountry and curated extras.

Every ISO 3166-1 entry that pycountry knows becomes one entity; tools/country_extras.yml
adds what pycountry lacks (common names, aliases, demonyms, ambiguity, descriptions,
Wikidata ids). The output is deterministic for a given pycountry release and extras file.

    python tools/generate_countries.py           write plugins/.../entities/countries.yml
    python tools/generate_countries.py --check   exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from news_digest.text import slugify  # noqa: E402  (the one slugify for entity ids)

EXTRAS = ROOT / "tools" / "country_extras.yml"
OUTPUT = ROOT / "plugins" / "news_digest" / "knowledge" / "entities" / "countries.yml"

EXTRA_FIELDS = frozenset(
    {"name", "id", "sovereign", "aliases", "drop", "demonyms", "ambiguous", "description",
     "wikidata", "demonym_note"}
)
LIST_FIELDS = ("aliases", "drop", "demonyms", "ambiguous")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WIKIDATA_PATTERN = re.compile(r"Q[1-9][0-9]*")
CODE_PATTERN = re.compile(r"[A-Z]{2}")
MAX_DESCRIPTION = 160


class ExtrasError(ValueError):
    """The extras file (or its combination with pycountry) is not usable."""


def normalise(text: str) -> str:
    """The comparison key the knowledge loader uses for duplicate detection."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def load_extras(path: Path = EXTRAS) -> dict[str, dict[str, Any]]:
    """Read and shape-check the curated extras, keyed by alpha-2 code."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ExtrasError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ExtrasError(f"{path}: expected a mapping of alpha-2 codes to entries")
    extras: dict[str, dict[str, Any]] = {}
    for code, entry in data.items():
        where = f"{path}: {code!r}"
        # YAML 1.1 reads a bare NO as false, so a key that is not a string is a quoting slip.
        if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
            raise ExtrasError(f"{where}: key must be an upper-case alpha-2 code (quote NO)")
        if not isinstance(entry, dict):
            raise ExtrasError(f"{where}: entry must be a mapping")
        unknown = set(entry) - EXTRA_FIELDS
        if unknown:
            raise ExtrasError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for field in LIST_FIELDS:
            values = entry.get(field, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise ExtrasError(f"{where}: {field} must be a list of non-empty strings")
        for field in ("name", "id", "description", "wikidata", "demonym_note"):
            if field in entry and not (isinstance(entry[field], str) and entry[field].strip()):
                raise ExtrasError(f"{where}: {field} must be a non-empty string")
        if "sovereign" in entry and not isinstance(entry["sovereign"], bool):
            raise ExtrasError(f"{where}: sovereign must be true or false")
        extras[code] = entry
    return extras


def _strip_article(text: str) -> str:
    # pycountry writes some official names as "the State of ..."; the tagger treats a
    # leading "the" as optional, so the bare form is the one to list.
    return text[4:] if text.startswith("the ") else text


def _unique(values: Iterable[str], taken: set[str]) -> list[str]:
    kept = []
    for value in values:
        key = normalise(value)
        if key not in taken:
            taken.add(key)
            kept.append(value)
    return kept


def build_entity(country: Any, extra: Mapping[str, Any]) -> dict[str, Any]:
    """One country entity (a plain mapping in output field order)."""
    code = country.alpha_2
    where = f"{code} ({country.name})"
    description = extra.get("description")
    if not description:
        raise ExtrasError(f"{where}: no description in the extras file")
    if len(description) > MAX_DESCRIPTION:
        raise ExtrasError(f"{where}: description longer than {MAX_DESCRIPTION} characters")

    variants = [
        _strip_article(value)
        for value in (
            getattr(country, "official_name", None),
            country.name,
            getattr(country, "common_name", None),
        )
        if value
    ]
    drop = extra.get("drop", [])
    stale = [value for value in drop if value not in variants]
    if stale:
        raise ExtrasError(f"{where}: drop lists names pycountry does not have: {stale}")
    name = extra.get("name") or getattr(country, "common_name", None) or country.name
    taken = {normalise(name)}
    aliases = _unique((v for v in variants if v not in drop), taken)
    aliases += _unique(extra.get("aliases", []), taken)
    demonyms = _unique(extra.get("demonyms", []), taken)
    if len(demonyms) != len(extra.get("demonyms", [])):
        raise ExtrasError(f"{where}: a demonym repeats the name, an alias or another demonym")

    listed = {normalise(text) for text in (name, *aliases, *demonyms)}
    ambiguous = list(extra.get("ambiguous", []))
    strays = [text for text in ambiguous if normalise(text) not in listed]
    if strays:
        raise ExtrasError(f"{where}: ambiguous entries that are not listed names: {strays}")

    entity_id = extra.get("id") or slugify(name)
    if not ID_PATTERN.fullmatch(entity_id):
        raise ExtrasError(f"{where}: id {entity_id!r} is not a slug")
    wikidata = extra.get("wikidata")
    if wikidata is not None and not WIKIDATA_PATTERN.fullmatch(wikidata):
        raise ExtrasError(f"{where}: wikidata {wikidata!r} is not a Q-id")

    entity: dict[str, Any] = {"id": entity_id, "name": name}
    if aliases:
        entity["aliases"] = aliases
    if demonyms:
        entity["demonyms"] = demonyms
    if ambiguous:
        entity["ambiguous"] = ambiguous
    entity["country"] = code
    entity["description"] = description
    if wikidata:
        entity["wikidata"] = wikidata
    return entity


def build_entities(
    countries: Iterable[Any], extras: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """All country entities, sorted by id, checked for clashes between countries."""
    countries = list(countries)
    unknown = set(extras) - {country.alpha_2 for country in countries}
    if unknown:
        raise ExtrasError(f"extras for codes pycountry does not have: {sorted(unknown)}")
    entities = sorted(
        (build_entity(country, extras.get(country.alpha_2, {})) for country in countries),
        key=lambda entity: entity["id"],
    )
    owners: dict[str, str] = {}
    ids: set[str] = set()
    for entity in entities:
        if entity["id"] in ids:
            raise ExtrasError(f"two countries share the id {entity['id']!r}")
        ids.add(entity["id"])
        for text in (entity["name"], *entity.get("aliases", ()), *entity.get("demonyms", ())):
            if ";" in text:
                raise ExtrasError(f"{entity['country']}: {text!r} contains ';'")
            key = normalise(text)
            if key in owners and owners[key] != entity["country"]:
                raise ExtrasError(f"{text!r} names both {owners[key]} and {entity['country']}")
            owners[key] = entity["country"]
    return entities


def render(entities: Sequence[Mapping[str, Any]]) -> str:
    """The YAML text of countries.yml."""
    header = (
        "# Countries and territories: every ISO 3166-1 entry.\n"
        "# GENERATED by tools/generate_countries.py from pycountry "
        f"{pycountry.__version__} and tools/country_extras.yml;\n"
        "# edit the extras file and run `./dev generate-countries`, do not edit this file.\n"
    )
    body = yaml.safe_dump(
        {"kind": "country", "entities": [dict(entity) for entity in entities]},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=10_000,
    )
    return header + body


def generate(extras_path: Path = EXTRAS) -> str:
    """The text countries.yml should have."""
    return render(build_entities(pycountry.countries, load_extras(extras_path)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        text = generate()
    except ExtrasError as error:
        print(f"generate-countries: {error}", file=sys.stderr)
        return 2
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"generate-countries: {args.output} is out of date", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"generate-countries: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
