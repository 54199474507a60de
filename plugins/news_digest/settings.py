"""Parse and validate the ``NEWS_DIGEST`` settings dict once per build, into typed settings.

Configuration mistakes fail fast: an unknown key or a value of the wrong type
raises ``ConfigError`` naming the key, before any seed is read. The one rule for
paths: relative ``seeds``, ``knowledge`` and ``boilerplate`` paths are taken from
the folder the build runs in, and made absolute here. A build's settings and its
knowledge base are kept with Pelican's settings (``build_settings``,
``build_knowledge``), so that the converter and the site parse and load them once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .yamlfiles import ConfigError

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase

# Where one build keeps its parsed settings and knowledge base in Pelican's settings dict
# (lower case: never a setting of Pelican's, and each build has a settings dict of its own).
_SETTINGS_KEY = "_news_digest_settings"
_KNOWLEDGE_KEY = "_news_digest_knowledge"


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
    # An entity page lists this many articles, newest first; more go on further pages.
    entity_page_size: int = 50
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


def parse_settings(raw: Mapping[str, Any] | None, base: Path | None = None) -> DigestSettings:
    """Turn the user's NEWS_DIGEST dict into DigestSettings, or raise ConfigError.

    Relative paths are taken from ``base`` (the current folder by default) and made absolute.
    """
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
    base = base or Path.cwd()
    return dataclasses.replace(
        settings,
        seeds=base / settings.seeds,
        knowledge=tuple(base / path for path in settings.knowledge),
        boilerplate=tuple(base / path for path in settings.boilerplate),
    )


def build_settings(pelican_settings: MutableMapping[str, Any]) -> DigestSettings:
    """This build's NEWS_DIGEST, parsed on first use and kept with Pelican's settings."""
    kept = pelican_settings.get(_SETTINGS_KEY)
    if isinstance(kept, DigestSettings):
        return kept
    settings = parse_settings(pelican_settings.get("NEWS_DIGEST"))
    pelican_settings[_SETTINGS_KEY] = settings
    return settings


def build_knowledge(pelican_settings: MutableMapping[str, Any]) -> KnowledgeBase:
    """This build's knowledge base, loaded on first use (by the converter or the site) and kept."""
    from .knowledge import KnowledgeBase, load_knowledge  # the site's readers need not load it

    kept = pelican_settings.get(_KNOWLEDGE_KEY)
    if isinstance(kept, KnowledgeBase):
        return kept
    kb = load_knowledge(build_settings(pelican_settings).knowledge)
    pelican_settings[_KNOWLEDGE_KEY] = kb
    return kb
