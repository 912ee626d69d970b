"""Every Python block of the documentation and the README runs, page by page, in a fresh
namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES = [
    *sorted(p for p in DOCS.glob("*.md") if BLOCK.search(p.read_text(encoding="utf-8"))),
    ROOT / "README.md",  # the README's example is a test too
]


def test_the_getting_started_page_has_code() -> None:
    assert DOCS / "getting-started.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_code_block_runs(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), 1):
        try:
            exec(compile(block, f"{page.name}[block {number}]", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{page.name}, code block {number} failed: {exc!r}\n{block}")


ROLE = re.compile(r":(?:meth|class|func|mod|data|attr|exc|obj|const):`")


def test_no_docstring_uses_a_rest_role_the_site_would_show_as_text() -> None:
    """The API site renders Markdown: a cross-reference is [`Name`][microjob.module.Name]."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE.search(line)
    ]
    assert found == []
