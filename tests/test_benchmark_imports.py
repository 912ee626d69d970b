"""The benchmarks and scripts are not run by the test suite (they take minutes), so a name
moved or renamed in the package could break one unnoticed until ``./run bench``. Every name
they import from ``microjob`` must exist where they import it from."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("benchmarks/*.py"), *ROOT.glob("scripts/*.py")])


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_name_imported_from_the_package_exists(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("microjob"):
            module = importlib.import_module(node.module)
            names = [a.name for a in node.names]
            missing += [f"{node.module}.{n}" for n in names if not hasattr(module, n)]
    assert missing == [], f"{path.name} imports names that do not exist: {missing}"
