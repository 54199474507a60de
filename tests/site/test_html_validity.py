"""Every page the site generator writes is valid HTML by the Nu validator (one validator run for all)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_checks import html_pages, report, validate_html

pytest_plugins = ["site_fixtures"]


@pytest.fixture(scope="module")
def both_sites(built_site: Path, fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the seeds and the one built from tests/fixtures/site, side by side
    in one folder, so that the slow-starting validator runs once over both."""
    root = tmp_path_factory.mktemp("both-sites")
    shutil.copytree(built_site, root / "seeds-site")
    shutil.copytree(fixture_site, root / "fixture-site")
    return root


def test_every_generated_page_is_valid_html(both_sites: Path, validator: None) -> None:
    for site in ("seeds-site", "fixture-site"):
        assert html_pages(both_sites / site), f"the {site} has no .html page to validate"
    errors = validate_html(both_sites)
    assert not errors, f"{len(errors)} HTML errors:\n" + report(errors)
