"""What the tests of the contact corpus's held-out splits share: the build script imported
fresh, and the two checks every held-out split must pass (its rows move neither when a tuning
round is added nor when the tuning fillers change)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "contacts"
LANGS = {"en", "ru", "hu", "es", "de"}
SCRIPTS = (
    "build_contact_corpus",
    "contact_corpus_extra",
    "contact_corpus_holdout",
    "contact_corpus_holdout2",
    "contact_corpus_holdout3",
    "contact_corpus_holdout4",
    "contact_corpus_slots",
    "contact_corpus_templates",
)
"""The corpus scripts, forgotten before and after each test so each imports them anew."""


@pytest.fixture
def builder(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The corpus build script, imported fresh and forgotten again afterwards."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    for name in SCRIPTS:
        sys.modules.pop(name, None)
    import build_contact_corpus

    yield build_contact_corpus
    for name in SCRIPTS:
        sys.modules.pop(name, None)


def line(row: dict[str, Any]) -> str:
    """A row as the committed ``messages.jsonl`` holds it."""
    return json.dumps(row, ensure_ascii=False)


def of_split(rows: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == split]


def check_a_tuning_round_moves_nothing(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch, split: str, more: dict[str, Any]
) -> None:
    """Adding the tuning round ``more`` builds more rows but leaves ``split``'s rows and
    groups as they were."""
    rows, manifest = builder.build()
    monkeypatch.setattr(builder.extra, "ROUNDS", (*builder.extra.ROUNDS, more))
    rows2, manifest2 = builder.build()
    assert len(rows2) > len(rows)  # the tuning round was built
    assert of_split(rows2, split) == of_split(rows, split)
    groups = {g: s for g, s in manifest["groups"].items() if s == split}
    assert {g: s for g, s in manifest2["groups"].items() if s == split} == groups


def check_the_tuning_fillers_are_not_used(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch, split: str
) -> None:
    """A tuning round may add or change fillers in ``contact_corpus_extra``; ``split``'s rows
    take none of their values from it."""
    rows, _ = builder.build()

    def changed(slot: str, rng: Any, lang: str) -> str | None:
        rng.random()  # a changed filler may also draw differently from the stream
        return f"<{slot}>"

    monkeypatch.setattr(builder.extra, "fill", changed)
    rows2, _ = builder.build()
    assert of_split(rows2, split) == of_split(rows, split)
