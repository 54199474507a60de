"""Every page of the built site is valid HTML by the Nu validator (one validator run for all)."""

from __future__ import annotations

from pathlib import Path

from site_checks import html_pages, report, validate_html

pytest_plugins = ["site_fixtures"]


def test_every_generated_page_is_valid_html(built_site: Path, validator: None) -> None:
    assert html_pages(built_site), "the built site has no .html page to validate"
    errors = validate_html(built_site)
    assert not errors, f"{len(errors)} HTML errors:\n" + report(errors)
