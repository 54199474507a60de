"""Parse and validate the ``NEWS_DIGEST`` settings dict once, into typed settings.

Configuration mistakes fail fast: an unknown key or a value of the wrong type
raises ``ConfigError`` naming the key, before any seed is read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .yamlfiles import ConfigError


@dataclass(frozen=True)
class DigestSettings:
    """Every NEWS_DIGEST option, with its default."""

    # Folder of seed .txt files, with its optional sources.yml and corrections.yml.
    seeds: Path = Path("seeds")
    # Sub-folder of Pelican's content PATH that receives the generated articles.
    articles_dir: str = "articles"
    # Extra knowledge files or folders, loaded after the built-in knowledge base.
    knowledge: tuple[Path, ...] = ()
    # Extra boilerplate rule files, added to the built-in rules.
    boilerplate: tuple[Path, ...] = ()
    # File name, inside the seeds folder, of the editorial corrections.
    corrections: str = "corrections.yml"
    # A skipped seed fails the run instead of only being logged.
    strict: bool = False
    # Where an entity's page is written, relative to the output root.
    entity_url: str = "entities/{kind}/{id}.html"
    # The longest summary, in words.
    summary_words: int = 50
    # Convert seeds/ into content/ when Pelican starts (the `annotate` step).
    annotate_on_build: bool = True
    # Larger seed files are skipped with a message: no article is this long, and converting
    # megabytes of scraped text would stall every build.
    max_seed_kb: int = 1000


_PATH_LISTS = {"knowledge", "boilerplate"}


def _coerce(name: str, value: Any, default: Any) -> Any:
    if name in _PATH_LISTS:
        if isinstance(value, (str, Path)):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, Path)) for v in value):
            raise ConfigError("NEWS_DIGEST", repr(name), f"must be a list of paths, got {value!r}")
        return tuple(Path(v) for v in value)
    if isinstance(default, Path):
        if not isinstance(value, (str, Path)):
            raise ConfigError("NEWS_DIGEST", repr(name), f"must be a path, got {value!r}")
        return Path(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError("NEWS_DIGEST", repr(name), f"must be true or false, got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError("NEWS_DIGEST", repr(name), f"must be a positive whole number, got {value!r}")
        return value
    if not isinstance(value, str) or not value:
        raise ConfigError("NEWS_DIGEST", repr(name), f"must be a non-empty string, got {value!r}")
    return value


def parse_settings(raw: Mapping[str, Any] | None) -> DigestSettings:
    """Turn the user's NEWS_DIGEST dict into DigestSettings, or raise ConfigError."""
    raw = dict(raw or {})
    defaults = DigestSettings()
    known = {f.name for f in dataclasses.fields(DigestSettings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(
            "NEWS_DIGEST", "", f"unknown key(s): {', '.join(unknown)}; known keys: {', '.join(sorted(known))}"
        )
    values = {name: _coerce(name, value, getattr(defaults, name)) for name, value in raw.items()}
    settings = dataclasses.replace(defaults, **values)
    if "{id}" not in settings.entity_url or not settings.entity_url.endswith(".html"):
        raise ConfigError("NEWS_DIGEST", "'entity_url'", "must contain {id} and end in .html")
    if Path(settings.articles_dir).is_absolute() or ".." in Path(settings.articles_dir).parts:
        raise ConfigError("NEWS_DIGEST", "'articles_dir'", "must be a folder inside the content path")
    return settings
