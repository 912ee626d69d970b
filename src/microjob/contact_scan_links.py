"""Contact rules for addresses and links: e-mail addresses (plain, spelled out, spaced),
@handles, URLs (with a scheme, bare, spelled, spaced letter by letter, with bracketed dots).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from microjob import contact_rules as rules
from microjob import contact_words as words
from microjob.contact_normalize import WORD as _WORD
from microjob.contact_normalize import View as _View
from microjob.contact_patterns import _word_keys
from microjob.contact_scan_base import _host_kind, _inside, _ScanBase, _trim_url
from microjob.contact_types import ContactKind, Finding

_HANDLE = re.compile(r"(?<![\w@.])@([a-z0-9_](?:[a-z0-9_.]{0,30}[a-z0-9_])?)(?![\w@])")
# "@2x", "@3x", "@1.5x": the pixel density of an exported image, never an account.
_SCALE_SUFFIX = re.compile(r"\d+(?:\.\d+)?x")
_HANDLE_CONTEXT = re.compile(
    r"(?:telegram|tg|insta|instagram|ig|twitter|tiktok|discord|snap|skype|handle|username|"
    r"user name|nick|ник|юзер|логин|felhasználó|benutzername|usuario|тг|телег|инст)"
)
_SCHEME_URL = re.compile(r"(?:(?:https?|ftp)://|www\d?\.)[^\s<>\"'()\[\]{}]+")
_BARE_URL = re.compile(
    r"(?<![\w@.\-/:])(?:[^\W_][\w\-]{0,62}\.)+([^\W\d_]{2,24})(?![\w\-])(/[^\s<>\"'()\[\]{}]*)?"
)
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
_SPACED_RUN = re.compile(r"(?<!\S)(?:\S ){5,}\S(?![^\s,;!?)])")
_PLAIN_EMAIL = re.compile(r"[^\W_][\w.%+\-]{0,63}@[^\W_][\w\-]{0,62}(?:\.[^\W_][\w\-]{0,62})+")
_SPACED_LINK = re.compile(
    r"(?:(?:https?|ftp):/+)?(?:www\.)?(?P<host>[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)+)(?:/\S*)?"
)


class _LinkRules(_ScanBase):
    """E-mail addresses, handles and links."""

    def _emails(self, view: _View) -> Iterator[Finding]:
        norm = view.norm
        pos = 0
        while (m := self._email_re.search(norm, pos)) is not None:
            pos = m.start() + 1
            at = m.group("at")
            plain_at = at.strip() == "@" or "@" in at
            labels = self._dot_split_re.split(m.group("domain"))
            spelled_dot = m.group("domain").count(".") != len(labels) - 1
            spelled = not plain_at or spelled_dot
            # "ines punto torres at yahoo punto es": a local part with a spelled-out dot is an
            # address being dictated, so a word-like TLD ("es", "de") counts after "at" too.
            prefix = self._local_prefix_re.search(norm, max(0, m.start() - 80), m.start())
            dictated = prefix is not None or any(c in m.group("local") for c in "._0123456789")
            tld_at = "@" if dictated else at
            # Drop trailing labels until the last one is a top-level domain.
            end_labels = len(labels)
            while end_labels >= 2 and not self._is_tld(labels[end_labels - 1], spelled, tld_at):
                end_labels -= 1
            conf = 0.95 if plain_at and not spelled else 0.85
            if end_labels >= 2:
                domain = ".".join(labels[:end_labels])
                end = self._end_of_labels(m, labels, end_labels)
            elif labels[0] in self._providers and (
                plain_at
                or at.strip() != "at"
                or prefix is not None
                or any(c in m.group("local") for c in "._0123456789")
            ):
                domain, end, conf = labels[0], m.start("domain") + len(labels[0]), 0.75
            else:
                continue
            if self._allowed(domain) or "_" in domain:
                continue
            if (
                at.startswith((" ", "\t"))
                and plain_at
                and not self._is_tld(labels[end_labels - 1], True, "@")
            ):
                # "add @pytest.mark.parametrize": an "@" standing apart, before a dotted name
                # that ends in no real top-level domain, is a decorator, not an address.
                continue
            if at.strip() == "at" and not spelled_dot and labels[0] not in self._providers:
                continue  # "my work at dribbble.com/x" is a link, not an address
            if norm[end : end + 1] == "/":
                continue
            pos = end
            start = m.start() if prefix is None else prefix.start()
            yield self._finding(view, ContactKind.EMAIL, start, end, conf, "e-mail address")
            before = norm[max(0, m.start() - 30) : m.start()]
            service = None
            for sm in self._service_re.finditer(before):
                service = sm
            if service is not None:
                start = max(0, m.start() - 30) + service.start()
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.9, f"{service.group()} account"
                )

    def _spaced_emails(self, view: _View) -> Iterator[Finding]:
        """ "n a g y . e v a @ g m a i l . c o m": collapse letter-by-letter runs first."""
        norm = view.norm
        for run in _SPACED_RUN.finditer(norm):
            if "@" not in run.group():
                continue
            positions = [run.start() + i for i, c in enumerate(run.group()) if c != " "]
            collapsed = "".join(norm[i] for i in positions)
            for m in _PLAIN_EMAIL.finditer(collapsed):
                start, end = positions[m.start()], positions[m.end() - 1] + 1
                yield self._finding(view, ContactKind.EMAIL, start, end, 0.9, "e-mail (spaced)")

    def _is_tld(self, label: str, spelled: bool, at: str) -> bool:
        if not spelled:
            return label.isalpha() and 2 <= len(label) <= 24
        if label in self._spelled_tlds or label in self._tlds:
            return True
        return label in self._wordlike_tlds and at.strip() not in ("at", "")

    @staticmethod
    def _end_of_labels(m: re.Match[str], labels: list[str], count: int) -> int:
        domain = m.group("domain")
        pos = 0
        for i in range(count):
            pos = domain.index(labels[i], pos) + len(labels[i])
        return m.start("domain") + pos

    def _handles(self, view: _View) -> Iterator[Finding]:
        norm = view.norm
        for m in _HANDLE.finditer(norm):
            handle = m.group(1)
            if handle.isdigit() or handle.replace(".", "").isdigit():
                continue
            if _SCALE_SUFFIX.fullmatch(handle):
                continue  # "export it @3x", "icon@2x.png": an image's pixel density
            if rules.code_handle(norm, m.start(), m.end(), handle):
                continue  # "@dataclass(", "npm i @scope/pkg", "@media (...)"
            before = norm[max(0, m.start() - 40) : m.start()]
            if _HANDLE_CONTEXT.search(before) or any(
                True for _ in self._messenger.finditer(before, _word_keys(_WORD.findall(before)))
            ):
                conf = 0.9
            elif len(handle) >= 5 or any(c.isdigit() or c == "_" for c in handle):
                conf = 0.65
            else:
                conf = 0.45
            yield self._finding(view, ContactKind.MESSENGER, m.start(), m.end(), conf, "@handle")

    def _urls(self, view: _View, spelled: bool) -> Iterator[Finding]:
        norm = view.norm
        taken: list[tuple[int, int]] = []
        schemes = _SCHEME_URL.finditer(norm) if "://" in norm or "www" in norm else ()
        for m in schemes:
            start, end = m.start(), _trim_url(norm, m.start(), m.end())
            taken.append((start, end))
            host = re.sub(r"^(?:(?:https?|ftp)://)?(?:www\d?\.)?", "", norm[start:end])
            host = host.split("/", 1)[0].split(":", 1)[0].split("?", 1)[0]
            finding = self._url_finding(view, start, end, host, 0.95)
            if finding is not None:
                yield finding
        bare = _BARE_URL.finditer(norm) if _DOT_LETTER.search(norm) else ()
        for m in bare:
            start, end = m.start(), _trim_url(norm, m.start(), m.end())
            if _inside(taken, start):
                continue
            host = norm[start:end].split("/", 1)[0]
            tld, path = m.group(1), m.group(2)
            if "_" in host or host in words.TECH_DOMAINS:
                continue
            known_host = _host_kind(host) is not None
            if tld in self._tlds:
                conf = 0.85 if path and len(path) > 1 else 0.7
            elif (
                tld in self._wordlike_tlds and (known_host or (path and len(path) > 1))
            ) or known_host:
                conf = 0.8
            else:
                continue
            finding = self._url_finding(view, start, end, host, conf)
            if finding is not None:
                yield finding
        for m in self._spelled_url_re.finditer(norm) if spelled else ():
            if m.group("tld") == "de" and "punkt" not in m.group():
                continue
            label = m.group("label")
            if _inside(taken, m.start()):
                continue
            host = f"{label}.{m.group('tld')}"
            finding = self._url_finding(view, m.start(), m.end(), host, 0.75)
            if finding is not None:
                yield finding

    def _url_finding(
        self, view: _View, start: int, end: int, host: str, conf: float
    ) -> Finding | None:
        if self._allowed(host):
            return None
        kind_detail = _host_kind(host)
        if kind_detail is None:
            return self._finding(view, ContactKind.URL, start, end, conf, "external link")
        kind, detail = kind_detail
        return self._finding(view, kind, start, end, max(conf, 0.9), detail)

    def _spaced_urls(self, view: _View) -> Iterator[Finding]:
        """ "w w w . a n n a . n e t", "p a y p a l . m e / a n n a": collapse, then read."""
        norm = view.norm
        for run in _SPACED_RUN.finditer(norm):
            if "." not in run.group() or "@" in run.group():
                continue
            positions = [run.start() + i for i, c in enumerate(run.group()) if c != " "]
            collapsed = "".join(norm[i] for i in positions)
            m = _SPACED_LINK.search(collapsed)
            if m is None:
                continue
            host = m.group("host")
            tld = host.rsplit(".", 1)[-1]
            if tld not in self._tlds and tld not in self._wordlike_tlds and not _host_kind(host):
                continue
            start, end = positions[m.start()], positions[m.end() - 1] + 1
            finding = self._url_finding(view, start, end, host, 0.85)
            if finding is not None:
                yield attrs.evolve(finding, detail=finding.detail + " (spaced)")

    def _bracket_urls(self, view: _View) -> Iterator[Finding]:
        """ "anna(.)net", "anna[dot]studio[dot]com", "paypal(.)me/anna"."""
        norm = view.norm
        for m in self._bracket_url_re.finditer(norm):
            host = self._bracket_dot_re.sub(".", m.group("host"))
            tld = host.rsplit(".", 1)[-1]
            known = _host_kind(host) is not None
            if not known and tld not in self._tlds and tld not in self._wordlike_tlds:
                continue
            end = _trim_url(norm, m.start(), m.end())
            finding = self._url_finding(view, m.start(), end, host, 0.8)
            if finding is not None:
                yield attrs.evolve(finding, detail=finding.detail + " (bracketed dots)")
