"""Safe YAML loading and the one error for a configuration or data file that cannot be used.

``ConfigError(file, entry, reason)`` says which file, which entry in it and why;
``load_yaml`` reads a file with PyYAML's safe loader (libyaml's when built with it),
keeping dates as the text written, so that a value means what the file says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """A file that cannot be used: ``file: entry: reason`` (no entry when the whole file is wrong)."""

    def __init__(self, file: str, entry: str, reason: str) -> None:
        super().__init__(f"{file}: {entry}: {reason}" if entry else f"{file}: {reason}")
        self.file = file
        self.entry = entry
        self.reason = reason


_DATELESS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DatelessLoader(yaml.SafeLoader):
    """PyYAML's safe loader with dates left as text, so that a bad date is reported with its entry.

    PyYAML would otherwise turn ``2014-02-31`` into an exception for the whole file.
    """

    yaml_implicit_resolvers = _DATELESS


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same, parsed by libyaml when PyYAML was built with it (the knowledge files are large)."""

    yaml_implicit_resolvers = _DATELESS


def parse_yaml(text: str, label: str) -> Any:
    """The data of YAML ``text`` (from the file called ``label``), or a ConfigError saying why not."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        raise ConfigError(label, "", f"not valid YAML: {error}") from error


def load_yaml(path: Path, label: str | None = None) -> Any:
    """Read and parse a YAML file; a file that cannot be read or parsed is a ConfigError."""
    label = label or str(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(label, "", f"cannot be read: {error}") from error
    return parse_yaml(text, label)
