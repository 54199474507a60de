"""The command-line build's log: one whole line per message, whatever the terminal."""

from __future__ import annotations

import io
import logging

from news_digest.command import whole_line_handler


def _log(message: str, *args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    logger = logging.getLogger("tests.command")
    logger.propagate = False
    handler = whole_line_handler(stream)
    logger.addHandler(handler)
    try:
        if exc is None:
            logger.warning(message, *args)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_long_message_naming_files_is_one_line_with_its_level() -> None:
    name = "a-very-long-file-name-that-would-not-fit-in-a-narrow-terminal-000_52cd81008fab5fa3.md"
    assert _log("kept %s: edited by hand", name) == f"WARNING: kept {name}: edited by hand\n"


def test_line_breaks_inside_a_message_become_spaces() -> None:
    assert _log('Caught exception:\n"%s".', "bad\nthing") == 'WARNING: Caught exception: "bad thing".\n'


def test_a_traceback_keeps_its_lines_after_the_one_line_message() -> None:
    text = _log("skipped %s: unreadable", "x.txt", exc=ValueError("boom"))
    first, *rest = text.splitlines()
    assert first == "ERROR: skipped x.txt: unreadable"
    assert rest[0].startswith("Traceback") and rest[-1] == "ValueError: boom"
