"""Where GitHub Pages serves a repository's site, worked out from the repository's remote address."""

from __future__ import annotations

import re

# https://github.com/owner/repo(.git), git@github.com:owner/repo(.git), ssh://git@github.com/owner/repo
_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def pages_address(remote_url: str) -> str | None:
    """The default GitHub Pages address of a GitHub remote, or None for any other remote.

    ``owner/owner.github.io`` is a user site, served at the root; any other
    repository is a project site, served under its name.
    """
    match = _GITHUB_REMOTE.match(remote_url.strip())
    if not match:
        return None
    owner, repo = match["owner"].lower(), match["repo"]
    host = f"{owner}.github.io"
    return f"https://{host}" if repo.lower() == host else f"https://{host}/{repo}"
