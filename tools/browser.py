"""Where Debian's Chromium is and how to start it headless on this kind of machine.

One place for the launch flags: Playwright cannot download its own browser here, and
without the background-networking flags Chromium keeps trying hosts the closed network
refuses. Used by the screenshot tool and by the browser tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Chromium's executable ($CHROMIUM, else Debian's), or None when it is not installed."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None
