"""Run Pelican from the command line with whole-line logs.

Pelican's default log handler lays messages out in columns as wide as the
terminal (or 80 characters in a pipe), so a warning naming a file is cut in
the middle of the name. A person greps those lines, and so do scripts and
tests: here every message is one line, ``LEVEL: message``, whatever the
terminal width, ``COLUMNS``, or whether output is a terminal, a pipe or a file.

``./dev build`` goes through :func:`run_pelican`; ``python -m news_digest.command
content -s pelicanconf.py`` is the same build with the same logs.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TextIO

FORMAT = "%(levelname)s: %(message)s"


class WholeLineFormatter(logging.Formatter):
    """``LEVEL: message`` on one line: line breaks inside a message become spaces."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, _, trace = text.partition("\nTraceback")
        line = " ".join(head.split())
        # A traceback is for reading, not grepping: it keeps its own lines after the message.
        return f"{line}\nTraceback{trace}" if trace else line


def whole_line_handler(stream: TextIO | None = None) -> logging.Handler:
    """A handler writing each record as one whole line to ``stream`` (stderr by default)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(WholeLineFormatter(FORMAT))
    return handler


def run_pelican(argv: Sequence[str]) -> None:
    """Pelican's ``main(argv)`` with whole-line logs; raises ``SystemExit`` as Pelican does."""
    from pelican import log as pelican_log
    from pelican import main as pelican_main

    # Pelican configures logging with basicConfig, which leaves a root logger that
    # already has a handler alone: installing ours first is all it takes.
    logging.basicConfig(handlers=[whole_line_handler()], force=True)
    # Pelican's closing summary ("Done: Processed ...") is printed by its console,
    # not logged; soft wrapping keeps that on one line too.
    pelican_log.console.soft_wrap = True
    pelican_main(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: run Pelican with ``argv`` and return its exit status."""
    try:
        run_pelican(sys.argv[1:] if argv is None else argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
