"""Read seeds/sources.yml: where and when each seed was published.

The file maps a seed's file name to its source URL and publication date::

    000_52cd81008fab5fa3.txt:
      source: http://torrentfreak.com/...
      published: 2014-05-14

It is written by hand, so one bad entry (an impossible date, a URL that is not
http(s), an unknown key) is skipped with a warning naming the file and the
entry, and the other entries still count. A file that cannot be read or is not
a YAML mapping raises ``ConfigError``; a missing file means no sources.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..models import SourceInfo
from ..yamlfiles import ConfigError, DatelessLoader
from .dates import parse_date

logger = logging.getLogger(__name__)

ENTRY_KEYS = ("source", "published")
# Characters no valid URL holds raw, and that could break out of a link attribute.
_BAD_URL_CHARS = re.compile(r"[\s\"<>\\`\x00-\x1f\x7f]")


class _Loader(DatelessLoader):
    """Safe YAML that keeps dates as text (``parse_date`` judges each) and notes keys given twice."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, Any]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # PyYAML silently keeps the last of two equal keys; a hand-written file deserves a warning.
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                continue
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _check_url(value: Any) -> str | None:
    """The URL if it is a usable http(s) address, else None."""
    if not isinstance(value, str) or _BAD_URL_CHARS.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _check_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _read_entry(path: Path, name: str, entry: Any) -> SourceInfo | None:
    """The entry as SourceInfo, or None (with a logged warning) when it is unusable."""
    if entry is None:
        return SourceInfo()
    if not isinstance(entry, dict):
        logger.warning(
            "%s: ignored the entry for %s: expected source and published, got %r", path, name, entry
        )
        return None
    unknown = sorted(str(key) for key in entry if key not in ENTRY_KEYS)
    if unknown:
        logger.warning(
            "%s: ignored the entry for %s: unknown key(s) %s (known: %s)",
            path, name, ", ".join(unknown), ", ".join(ENTRY_KEYS),
        )  # fmt: skip
        return None
    url = entry.get("source")
    if url is not None and _check_url(url) is None:
        logger.warning("%s: ignored the entry for %s: source %r is not an http(s) URL", path, name, url)
        return None
    published = entry.get("published")
    date = None
    if published is not None:
        date = _check_date(published)
        if date is None:
            logger.warning(
                "%s: ignored the entry for %s: published %r is not a valid date", path, name, published
            )
            return None
    return SourceInfo(url=url, published=date)


def load_sources(path: Path) -> dict[str, SourceInfo]:
    """Seed file name -> SourceInfo for every usable entry of ``path`` ({} when it does not exist)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(str(path), "", f"cannot read: {error.strerror or error}") from None
    loader = _Loader(text)
    try:
        raw = loader.get_single_data()
    except yaml.YAMLError as error:
        raise ConfigError(str(path), "", f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    for line, key in loader.duplicates:
        logger.warning("%s: line %d: %s is given twice; the last one counts", path, line, key)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(
            str(path), "", f"expected a mapping of seed file names to sources, got {type(raw).__name__}"
        )
    sources = {}
    for name, entry in raw.items():
        if not isinstance(name, str) or not name:
            logger.warning("%s: ignored the entry %r: the key must be a seed file name", path, name)
            continue
        info = _read_entry(path, name, entry)
        if info is not None:
            sources[name] = info
    return sources
