"""The boilerplate rules: load, validate and compile rules/boilerplate.yml (plus extra files) once.

The rules are data (see the YAML file for what each group means). This module
only checks them and turns each group into one compiled pattern, so that
ingestion asks a line a handful of questions ("is it a dropped line? a
caption? a related-list heading?") at a cost that does not grow with the
number of rules. A bad file, regex or limit raises ``ConfigError`` naming the
file and the entry: configuration fails fast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tagger.regex_shape import unsafe_construct
from ..yamlfiles import ConfigError, parse_yaml

BUILTIN_RULES = Path(__file__).resolve().parent.parent / "rules" / "boilerplate.yml"

# How each group's patterns are applied: to a whole line, or to the start of a text.
FULL_LINE_GROUPS = (
    "drop_lines",
    "row_items",
    "captions",
    "related_headings",
    "dropped_list_headings",
    "sponsor_headings",
    "ad_markers",
    "end_headings",
    "dateline_parts",
    "link_targets",
    "link_lines",
    "lead_labels",
)
PREFIX_GROUPS = ("script_lines", "updated_headline", "update_paragraph", "category_labels", "headline_labels")
GROUPS = FULL_LINE_GROUPS + PREFIX_GROUPS
ENTRY_KEYS = {"pattern", "why"}


@dataclass(frozen=True)
class Limits:
    """Sizes that the structure heuristics work with (see rules/boilerplate.yml)."""

    pattern_line_chars: int = 300
    short_line_words: int = 12
    short_line_chars: int = 100
    related_item_words: int = 25
    related_item_chars: int = 250
    dateline_chars: int = 150
    dateline_lines: int = 6
    markdown_links: int = 2
    related_link_words: int = 4


@dataclass(frozen=True)
class Rule:
    """One pattern of a group and the reason it exists."""

    pattern: str
    why: str


@dataclass(frozen=True)
class RuleGroup:
    """The rules of one group, compiled together into one alternation."""

    rules: tuple[Rule, ...] = ()
    regex: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> bool:
        return self.regex is not None and self.regex.fullmatch(text) is not None

    def prefix(self, text: str) -> re.Match[str] | None:
        return self.regex.match(text) if self.regex is not None else None


@dataclass(frozen=True)
class BoilerplateRules:
    """Every boilerplate rule, compiled; ``fingerprint`` changes whenever any rule or limit does."""

    limits: Limits
    drop_lines: RuleGroup
    row_items: RuleGroup
    captions: RuleGroup
    related_headings: RuleGroup
    dropped_list_headings: RuleGroup
    sponsor_headings: RuleGroup
    ad_markers: RuleGroup
    end_headings: RuleGroup
    script_lines: RuleGroup
    updated_headline: RuleGroup
    update_paragraph: RuleGroup
    dateline_parts: RuleGroup
    category_labels: RuleGroup
    link_targets: RuleGroup
    link_lines: RuleGroup
    headline_labels: RuleGroup
    lead_labels: RuleGroup
    fingerprint: str


def _check_pattern(pattern: str, path: Path, where: str) -> None:
    try:
        # Wrapped as it will be when the group is compiled into one alternation.
        re.compile(f"(?:{pattern})", re.IGNORECASE)
        # Alone too: "a)|(b" compiles wrapped, not alone.
        re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise ConfigError(str(path), where, f"bad regex {pattern!r}: {error}") from None
    problem = unsafe_construct(pattern, re.IGNORECASE)
    if problem:
        raise ConfigError(
            str(path), where, f"regex {pattern!r} is not safe to run on untrusted text: {problem}"
        )
    if re.fullmatch(pattern, "", re.IGNORECASE):
        raise ConfigError(
            str(path), where, f"regex {pattern!r} matches an empty line, so it would match anything"
        )


def _read_file(path: Path) -> Mapping[str, Any]:
    try:
        raw = parse_yaml(path.read_text("utf-8"), str(path))
    except OSError as error:
        raise ConfigError(
            str(path), "", f"cannot read boilerplate rules: {error.strerror or error}"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "boilerplate rules are not UTF-8 text") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "", f"expected a mapping of rule groups, got {type(raw).__name__}")
    unknown = sorted(str(key) for key in raw if key not in (*GROUPS, "limits"))
    if unknown:
        raise ConfigError(
            str(path), "", f"unknown rule group(s) {', '.join(unknown)}; known: limits, {', '.join(GROUPS)}"
        )
    return raw


def _read_limits(path: Path, raw: Any, limits: Limits) -> Limits:
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "", "limits must be a mapping of names to whole numbers")
    known = {field.name for field in dataclasses.fields(Limits)}
    changes = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(
                str(path), "limits", f"unknown limit {key!r}; known: {', '.join(sorted(known))}"
            )
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(str(path), "limits", f"{key} must be a positive whole number, got {value!r}")
        changes[key] = value
    return dataclasses.replace(limits, **changes)


def _read_group(path: Path, group: str, raw: Any) -> list[Rule]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(str(path), group, "must be a list of {pattern, why} entries")
    rules = []
    for index, entry in enumerate(raw):
        where = f"{group}[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(str(path), where, f"expected a mapping with 'pattern' and 'why', got {entry!r}")
        unknown = sorted(str(key) for key in entry if key not in ENTRY_KEYS)
        if unknown:
            raise ConfigError(
                str(path), where, f"unknown key(s) {', '.join(unknown)}; an entry has pattern and why"
            )
        pattern, why = entry.get("pattern"), entry.get("why")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(str(path), where, "'pattern' must be a non-empty string")
        if not isinstance(why, str) or not why.strip():
            raise ConfigError(str(path), where, "'why' must say why the pattern exists")
        _check_pattern(pattern, path, where)
        rules.append(Rule(pattern, why.strip()))
    return rules


def _compile(rules: Sequence[Rule]) -> RuleGroup:
    if not rules:
        return RuleGroup()
    combined = "|".join(f"(?:{rule.pattern})" for rule in rules)
    return RuleGroup(tuple(rules), re.compile(combined, re.IGNORECASE))


def load_rules(extra: Sequence[Path] = ()) -> BoilerplateRules:
    """The built-in rules plus those of ``extra`` files, validated and compiled."""
    limits = Limits()
    groups: dict[str, list[Rule]] = {group: [] for group in GROUPS}
    for path in (BUILTIN_RULES, *(Path(p) for p in extra)):
        raw = _read_file(path)
        if "limits" in raw:
            limits = _read_limits(path, raw["limits"], limits)
        for group in GROUPS:
            groups[group].extend(_read_group(path, group, raw.get(group)))
    payload = {
        "limits": dataclasses.asdict(limits),
        "groups": {group: [[rule.pattern, rule.why] for rule in rules] for group, rules in groups.items()},
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return BoilerplateRules(
        limits=limits,
        fingerprint="sha256:" + digest.hexdigest(),
        **{group: _compile(rules) for group, rules in groups.items()},
    )
