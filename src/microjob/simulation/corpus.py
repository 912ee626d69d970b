"""The messages simulated people send: leak attempts and ordinary talk, in several languages.

The simulator never decides itself whether a message shares contact details: it sends the text
through `send_message` and reads what the engine did with it
(delivered as typed, masked, held for a moderator, or blocked). So a better contact scanner, or
a stricter ``contact_filter``, shows up in the simulated revenue without touching this module.

The shipped corpus is ``data/messages.toml``; a scenario may name another file of the same
shape (``[leakage] corpus = "my-messages.toml"``).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import attrs

from microjob.simulation.reading import ScenarioError

__all__ = ["Corpus", "load_corpus"]


@attrs.frozen
class Corpus:
    """Leak attempts (each carries a way to reach the sender) and ordinary messages."""

    leaks: tuple[str, ...]
    ordinary: tuple[str, ...]
    languages: tuple[str, ...] = ()

    def leak(self, u: float) -> str:
        """The attempt a uniform draw ``u`` in [0, 1) picks (the same ``u``, the same text)."""
        return self.leaks[min(int(u * len(self.leaks)), len(self.leaks) - 1)]

    def chat(self, u: float) -> str:
        return self.ordinary[min(int(u * len(self.ordinary)), len(self.ordinary) - 1)]


def _parse(text: str, source: str) -> Corpus:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"is not valid TOML: {exc}") from None
    lists: dict[str, list[str]] = {}
    languages: set[str] = set()
    for key in ("leak", "ordinary"):
        entries = data.get(key)
        if not isinstance(entries, list) or not entries:
            raise ScenarioError(source, key, f"must be a list of at least one [[{key}]] table")
        texts = []
        for index, entry in enumerate(entries):
            body = entry.get("text") if isinstance(entry, dict) else None
            if not isinstance(body, str) or not body.strip():
                raise ScenarioError(source, f"{key}[{index}].text", "must be a non-empty string")
            texts.append(body)
            lang = entry.get("lang")
            if isinstance(lang, str):
                languages.add(lang)
        lists[key] = texts
    unknown = set(data) - {"leak", "ordinary"}
    if unknown:
        first = sorted(unknown)[0]
        raise ScenarioError(source, first, "is not a known key; expected leak, ordinary")
    return Corpus(tuple(lists["leak"]), tuple(lists["ordinary"]), tuple(sorted(languages)))


@cache
def load_corpus(ref: str = "default", source: str = "scenario") -> Corpus:
    """The shipped corpus (``"default"``) or one read from a TOML file."""
    if ref == "default":
        entry = resources.files("microjob.simulation") / "data" / "messages.toml"
        return _parse(entry.read_text(encoding="utf-8"), "messages.toml")
    path = Path(ref)
    if not path.is_file():
        raise ScenarioError(source, "leakage.corpus", f"must name a TOML file, got {ref!r}")
    return _parse(path.read_text(encoding="utf-8"), path.name)
