"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, in light or dark colour scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_browser import ContextMaker, axe_violations, open_page
from site_checks import page_kinds

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_has_no_wcag_violation(
    built_site: Path, guarded_context: ContextMaker, scheme: str
) -> None:
    context, watch = guarded_context(color_scheme=scheme)
    page = context.new_page()
    kinds = page_kinds(built_site)
    assert kinds, "the built site has no page"
    problems = []
    for kind, path in kinds.items():
        open_page(page, (built_site / path).as_uri(), watch)
        problems += [f"{kind} ({path.as_posix()}) {violation}" for violation in axe_violations(page)]
    assert not problems, f"{len(problems)} WCAG violations in {scheme} scheme:\n" + "\n".join(problems)
