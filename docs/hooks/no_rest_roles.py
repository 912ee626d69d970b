"""MkDocs hook: a page that shows a reST role (:meth:`x`) as text fails the build.

Docstrings cross-reference in the syntax the site renders (``[`Name`][microjob.module.Name]``);
a role left over from reStructuredText would reach readers as raw text.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

ROLE = re.compile(r":(?:meth|class|func|mod|data|attr|exc|obj|const):(?:`|&#96;|<code>)")


def on_page_content(html: str, page: Any, **_: Any) -> str:
    found = ROLE.search(html)
    if found:
        start = max(found.start() - 60, 0)
        raise PluginError(
            f"{page.file.src_path} shows a reST role as text near {html[start : found.end() + 40]!r}:"
            " write [`Name`][microjob.module.Name] (a cross-reference) or `Name` in the docstring"
        )
    return html
