"""Every link of the built site works offline: files not folders, no root paths, nothing remote."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_checks import Problem, check_links, html_pages, report

pytest_plugins = ["site_fixtures"]

# The site's URL contract: pages the theme must always write.
FIXED_PAGES = ("index.html", "archives.html", "tags.html", "timeline.html", "404.html", "pages/about.html")


@pytest.fixture(scope="module", params=["built_site", "fixture_site"])
def link_problems(request: pytest.FixtureRequest) -> list[Problem]:
    """The link problems of the site built from the seeds, and of the one built from the
    hand-made articles of tests/fixtures/site (undated, hand-written, more entities)."""
    return check_links(request.getfixturevalue(request.param))


def _with_rules(problems: list[Problem], *rules: str) -> list[Problem]:
    return [problem for problem in problems if problem.rule in rules]


def test_every_link_and_fragment_reaches_a_file_of_the_site(link_problems: list[Problem]) -> None:
    broken = _with_rules(link_problems, "missing-target", "missing-fragment", "outside-site", "dead-link")
    assert not broken, "broken links:\n" + report(broken)


def test_no_link_points_at_a_folder_or_starts_at_the_root(link_problems: list[Problem]) -> None:
    # Folders and "/" paths work on a web server but not from file://.
    wrong = _with_rules(link_problems, "folder-link", "root-relative")
    assert not wrong, "links that break offline:\n" + report(wrong)


def test_nothing_loads_from_another_host_and_outbound_links_are_http(link_problems: list[Problem]) -> None:
    remote = _with_rules(link_problems, "external-resource", "bad-scheme")
    assert not remote, "remote resources or odd link schemes:\n" + report(remote)


def test_every_rule_the_checker_reports_is_covered_by_a_test(link_problems: list[Problem]) -> None:
    covered = {
        "missing-target",
        "missing-fragment",
        "outside-site",
        "dead-link",
        "folder-link",
        "root-relative",
        "external-resource",
        "bad-scheme",
    }
    unknown = [problem for problem in link_problems if problem.rule not in covered]
    assert not unknown, report(unknown)


def test_the_site_has_every_page_of_its_url_contract(built_site: Path) -> None:
    missing = [page for page in FIXED_PAGES if not (built_site / page).is_file()]
    assert not missing, f"pages the theme must write are missing: {', '.join(missing)}"
    assert list((built_site / "articles").glob("*.html")), "no article page at all"


def test_every_kind_of_entity_mentioned_has_entity_pages(built_site: Path) -> None:
    kinds = set()
    for page in html_pages(built_site / "articles"):
        soup = BeautifulSoup((built_site / "articles" / page).read_text("utf-8"), "html.parser")
        kinds.update(str(link["data-kind"]) for link in soup.select("a.mention[data-kind]"))
    assert kinds, "no article has a mention link (a.mention with data-kind)"
    without_pages = sorted(
        kind for kind in kinds if not list((built_site / "entities" / kind).glob("*.html"))
    )
    assert not without_pages, f"entity kinds with no pages under entities/: {', '.join(without_pages)}"
