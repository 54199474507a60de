"""The tagger's tuning numbers (``tuning.yml``): distances, limits and relevance weights, checked on load."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from ..yamlfiles import ConfigError, load_yaml

TUNING_FILE = Path(__file__).resolve().parent / "tuning.yml"
_WEIGHTS = ("headline", "lead", "mentions", "early")


@dataclass(frozen=True)
class Relevance:
    """Weights of headline and lead presence, mention count (to ``mentions_cap``), an early first mention."""

    headline: float
    lead: float
    mentions: float
    early: float
    mentions_cap: int


@dataclass(frozen=True)
class Tuning:
    """See ``tuning.yml`` for what each number means."""

    max_top_countries: int
    list_window: int
    nickname_reach: int
    alias_tokens: int
    max_reference_tokens: int
    near_min_length: int
    near_two_edits_length: int
    near_group_limit: int
    bill_year_gap: int
    relevance: Relevance


def load_tuning(path: Path = TUNING_FILE) -> Tuning:
    """Read and check the tuning file: every number present, whole and positive, weights adding up to 1."""
    label = path.name
    data = load_yaml(path, label)
    if not isinstance(data, dict):
        raise ConfigError(label, "", "must be a mapping of names to numbers")
    names = [f.name for f in fields(Tuning)]
    unknown = sorted(set(map(str, data)) - set(names))
    if unknown:
        raise ConfigError(label, unknown[0], f"unknown setting; known: {', '.join(names)}")
    return Tuning(
        max_top_countries=_whole(label, data, "max_top_countries"),
        list_window=_whole(label, data, "list_window"),
        nickname_reach=_whole(label, data, "nickname_reach"),
        alias_tokens=_whole(label, data, "alias_tokens"),
        max_reference_tokens=_whole(label, data, "max_reference_tokens"),
        near_min_length=_whole(label, data, "near_min_length"),
        near_two_edits_length=_whole(label, data, "near_two_edits_length"),
        near_group_limit=_whole(label, data, "near_group_limit"),
        bill_year_gap=_whole(label, data, "bill_year_gap"),
        relevance=_relevance(label, data.get("relevance")),
    )


def _whole(label: str, data: dict[str, object], name: str, where: str = "") -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(label, where + name, f"must be a whole number of at least 1, not {value!r}")
    return value


def _relevance(label: str, raw: object) -> Relevance:
    if not isinstance(raw, dict) or set(map(str, raw)) != {*_WEIGHTS, "mentions_cap"}:
        raise ConfigError(label, "relevance", f"must give {', '.join(_WEIGHTS)} and mentions_cap")
    for name in _WEIGHTS:
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ConfigError(label, f"relevance.{name}", f"must be a number from 0 to 1, not {value!r}")
    cap = raw["mentions_cap"]
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise ConfigError(
            label, "relevance.mentions_cap", f"must be a whole number of at least 1, not {cap!r}"
        )
    if abs(sum(raw[name] for name in _WEIGHTS) - 1) > 1e-9:
        raise ConfigError(label, "relevance", "the four weights must add up to 1")
    return Relevance(**{str(name): value for name, value in raw.items()})
