"""Every text a user writes enters through one intake (microjob.intake).

Under a policy that blocks contact details, a phone number or an e-mail address is refused in
every field, not only in chat, and the writer gets a strike; under masking it is stored masked,
so the notifications built from it are clean too, and moderators see the original. File names
are reduced to safe base names and screened like text; an attachment whose type cannot be
checked is refused. Every text has a bounded length.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FrozenClock, RecordingNotifier
from microjob.errors import PermissionDenied, PolicyViolation, ValidationError
from microjob.intake import MAX_FILE_NAME_CHARS, ContactDetailsRefused, safe_file_name
from microjob.orders import Attachment
from microjob.policies import ContactFilter

PHONE = "call me on +1 415 555 2671"
EMAIL = "write to anna.berg@outlook.com"
PDF = b"%PDF-1.7\n"


def _policy(rule: ContactFilter) -> Any:
    return attrs.evolve(presets.fiverr_like(), contact_filter=rule, clearance_days=0)


class World:
    def __init__(self, rule: ContactFilter, **options: Any) -> None:
        self.clock = FrozenClock(pendulum.datetime(2026, 3, 2, 9, tz="UTC"))
        self.notes = RecordingNotifier()
        self.market = Marketplace.in_memory(
            _policy(rule), clock=self.clock, notifier=self.notes, **options
        )
        m = self.market
        m.users.register("ann", name="Ann", email="ann@example.org")
        m.users.register("bob", name="Bob", email="bob@example.org")
        m.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)

    def order(self, state: str = "pending") -> str:
        m = self.market
        order = m.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        if state in ("active", "delivered", "completed"):
            m.orders.start(order.id, actor="bob")
        if state in ("delivered", "completed"):
            m.orders.deliver(order.id, actor="bob", message="Here it is")
        if state == "completed":
            m.orders.accept(order.id, actor="ann")
        return order.id

    def dispute(self) -> str:
        return self.market.disputes.open(self.order("active"), actor="ann", reason="No reply").id

    def review(self) -> str:
        return self.market.reviews.write(
            self.order("completed"), actor="ann", stars=5, text="Great"
        ).id

    def request(self) -> str:
        return self.market.requests.post(
            actor="ann",
            title="A logo",
            description="For my bakery",
            category="design",
            budget="100",
            deadline=self.clock.now().add(days=10),
        ).id

    def offer(self) -> str:
        return self.market.offers.send(self.request(), actor="bob", price="90", delivery_days=3).id

    def card(self) -> str:
        return self.market.listings.create(
            actor="bob",
            title="Logo design",
            description="A clean vector logo",
            category="design",
            price="20",
            delivery_days=3,
        ).id

    def conversation(self) -> str:
        return self.market.chat.start(actor="ann", other="bob").id


Write = Callable[[World, str], object]

# (entry point, who writes, how to write ``text`` there)
ENTRY_POINTS: list[tuple[str, str, Write]] = [
    (
        "order title",
        "ann",
        lambda w, t: w.market.orders.place(
            actor="ann", seller_id="bob", title=t, price="20", delivery_days=3
        ),
    ),
    (
        "delivery message",
        "bob",
        lambda w, t: w.market.orders.deliver(w.order("active"), actor="bob", message=t),
    ),
    (
        "delivery file name",
        "bob",
        lambda w, t: w.market.orders.deliver(
            w.order("active"),
            actor="bob",
            message="files",
            attachments=[Attachment(f"{t}.pdf", 10, head=PDF)],
        ),
    ),
    (
        "revision reason",
        "ann",
        lambda w, t: w.market.orders.request_revision(w.order("delivered"), actor="ann", reason=t),
    ),
    (
        "extension reason",
        "bob",
        lambda w, t: w.market.orders.request_extension(
            w.order("active"), actor="bob", days=2, reason=t
        ),
    ),
    (
        "cancellation reason",
        "ann",
        lambda w, t: w.market.orders.cancel(w.order(), actor="ann", reason=t),
    ),
    (
        "decline reason",
        "bob",
        lambda w, t: w.market.orders.decline(w.order(), actor="bob", reason=t),
    ),
    (
        "mutual cancellation reason",
        "ann",
        lambda w, t: w.market.orders.request_cancellation(w.order("active"), actor="ann", reason=t),
    ),
    (
        "dispute reason",
        "ann",
        lambda w, t: w.market.disputes.open(w.order("active"), actor="ann", reason=t),
    ),
    (
        "refusal reason",
        "ann",
        lambda w, t: w.market.disputes.refuse(w.order("delivered"), actor="ann", reason=t),
    ),
    (
        "evidence",
        "bob",
        lambda w, t: w.market.disputes.add_evidence(w.dispute(), actor="bob", text=t),
    ),
    (
        "evidence file name",
        "bob",
        lambda w, t: w.market.disputes.add_evidence(
            w.dispute(),
            actor="bob",
            text="see file",
            attachments=[Attachment(f"{t}.pdf", 10, head=PDF)],
        ),
    ),
    (
        "review",
        "ann",
        lambda w, t: w.market.reviews.write(w.order("completed"), actor="ann", stars=4, text=t),
    ),
    ("review reply", "bob", lambda w, t: w.market.reviews.reply(w.review(), actor="bob", text=t)),
    (
        "job request",
        "ann",
        lambda w, t: w.market.requests.post(
            actor="ann",
            title="A logo",
            description=t,
            category="design",
            budget="100",
            deadline=w.clock.now().add(days=10),
        ),
    ),
    (
        "offer message",
        "bob",
        lambda w, t: w.market.offers.send(
            w.request(), actor="bob", price="90", delivery_days=3, message=t
        ),
    ),
    (
        "invitation",
        "ann",
        lambda w, t: w.market.requests.invite(w.request(), actor="ann", seller_id="bob", message=t),
    ),
    (
        "offer refusal",
        "ann",
        lambda w, t: w.market.offers.decline(w.offer(), actor="ann", reason=t),
    ),
    (
        "request cancellation",
        "ann",
        lambda w, t: w.market.requests.cancel(w.request(), actor="ann", reason=t),
    ),
    (
        "card",
        "bob",
        lambda w, t: w.market.listings.create(
            actor="bob",
            title="Logo design",
            description=t,
            category="design",
            price="20",
            delivery_days=3,
        ),
    ),
    ("card edit", "bob", lambda w, t: w.market.listings.edit(w.card(), actor="bob", description=t)),
    (
        "card archive reason",
        "bob",
        lambda w, t: w.market.listings.archive(w.card(), actor="bob", reason=t),
    ),
    (
        "chat file name",
        "ann",
        lambda w, t: w.market.chat.send(
            w.conversation(),
            actor="ann",
            text="",
            attachments=[Attachment(f"{t}.pdf", 10, head=PDF)],
        ),
    ),
]
IDS = [name for name, _, _ in ENTRY_POINTS]


@pytest.mark.parametrize(("where", "writer", "write"), ENTRY_POINTS, ids=IDS)
@pytest.mark.parametrize("text", [PHONE, EMAIL], ids=["phone", "email"])
def test_block_refuses_contact_details_everywhere_and_counts_a_strike(
    where: str, writer: str, write: Write, text: str
) -> None:
    w = World(ContactFilter.BLOCK)
    before = w.market.chat.contact_strikes(writer, viewer=BACK_OFFICE)
    with pytest.raises(ContactDetailsRefused) as refused:
        write(w, text)
    assert isinstance(refused.value, PolicyViolation)
    assert refused.value.strikes == before + 1
    assert w.market.chat.contact_strikes(writer, viewer=BACK_OFFICE) == before + 1
    assert text.split()[-1] not in " ".join(n.text for n in w.notes.sent)


@pytest.mark.parametrize(("where", "writer", "write"), ENTRY_POINTS, ids=IDS)
def test_mask_stores_contact_details_masked_and_keeps_the_original_for_moderators(
    where: str, writer: str, write: Write
) -> None:
    w = World(ContactFilter.MASK)
    before = w.market.chat.contact_strikes(writer, viewer=BACK_OFFICE)
    write(w, EMAIL)
    assert w.market.chat.contact_strikes(writer, viewer=BACK_OFFICE) == before + 1
    [flagged] = w.market.admin.flagged_texts(viewer="ops", user_id=writer)
    assert "anna.berg@outlook.com" in flagged.original
    assert "anna.berg@outlook.com" not in flagged.shown
    assert "email" in flagged.flags
    # Nothing anyone is told carries the address.
    assert all("outlook" not in n.text for n in w.notes.sent)


def test_a_masked_order_title_reaches_the_seller_masked() -> None:
    w = World(ContactFilter.MASK)
    order = w.market.orders.place(
        actor="ann", seller_id="bob", title=f"Logo, {PHONE}", price="20", delivery_days=3
    )
    assert "555" not in order.title
    told = [n.text for n in w.notes.for_user("bob")]
    assert told
    assert all("555" not in text for text in told)


def test_the_kiwigigs_preset_blocks_a_phone_number_in_an_order_title() -> None:
    market = Marketplace.in_memory(presets.kiwigigs())
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    with pytest.raises(ContactDetailsRefused, match="title"):
        market.orders.place(actor="ann", seller_id="bob", title=PHONE, price="20", delivery_days=3)
    assert market.orders.counts() == {}


def test_hold_masks_texts_that_cannot_wait_for_a_moderator() -> None:
    w = World(ContactFilter.HOLD)
    order_id = w.order("active")
    delivered = w.market.orders.deliver(order_id, actor="bob", message=EMAIL)
    assert "outlook" not in delivered.deliveries[-1].message
    assert w.market.chat.contact_strikes("bob", viewer=BACK_OFFICE) == 1
    assert [f.field for f in w.market.admin.flagged_texts(viewer="ops")] == ["delivery message"]


def test_allow_keeps_the_text_but_still_counts_a_strike() -> None:
    w = World(ContactFilter.ALLOW)
    order_id = w.order("active")
    delivered = w.market.orders.deliver(order_id, actor="bob", message=EMAIL)
    assert delivered.deliveries[-1].message == EMAIL
    assert w.market.chat.contact_strikes("bob", viewer=BACK_OFFICE) == 1


def test_a_stranger_gets_permission_denied_and_no_trace() -> None:
    w = World(ContactFilter.MASK)
    w.market.users.register("eve", name="Eve", email="eve@example.org")
    order_id = w.order("active")
    with pytest.raises(PermissionDenied):
        w.market.orders.deliver(order_id, actor="eve", message=EMAIL)
    assert w.market.chat.contact_strikes("eve", viewer=BACK_OFFICE) == 0
    assert w.market.admin.flagged_texts(viewer="ops") == []


class TestBounds:
    def test_a_ten_megabyte_delivery_is_refused_and_nothing_changes(self) -> None:
        w = World(ContactFilter.MASK)
        order_id = w.order("active")
        before = w.market.orders.get(order_id, viewer=BACK_OFFICE)
        with pytest.raises(ValidationError, match="the limit is 20,000"):
            w.market.orders.deliver(order_id, actor="bob", message="x" * 10_000_000)
        assert w.market.orders.get(order_id, viewer=BACK_OFFICE) == before

    def test_a_ten_megabyte_dispute_reason_is_refused(self) -> None:
        w = World(ContactFilter.MASK)
        order_id = w.order("active")
        with pytest.raises(ValidationError, match="the limit is 2,000"):
            w.market.disputes.open(order_id, actor="ann", reason="y" * 10_000_000)
        assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == "active"

    def test_a_one_megabyte_title_is_refused(self) -> None:
        w = World(ContactFilter.MASK)
        with pytest.raises(ValidationError, match="the limit is 200"):
            w.market.orders.place(
                actor="ann", seller_id="bob", title="t" * 1_000_000, price="20", delivery_days=3
            )

    def test_a_title_cannot_hide_a_right_to_left_override_or_a_line_break(self) -> None:
        w = World(ContactFilter.MASK)
        order = w.market.orders.place(
            actor="ann", seller_id="bob", title="Logo \u202edraw\u202c", price="20", delivery_days=3
        )
        assert order.title == "Logo draw"
        with pytest.raises(ValidationError, match="line breaks"):
            w.market.orders.place(
                actor="ann", seller_id="bob", title="Logo\nAdmin says", price="20", delivery_days=3
            )


class TestFileNames:
    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
            ("re\x00port\x1b.pdf", "report.pdf"),
            ("in\u200bvoice\u202e.pdf", "invoice.pdf"),
            ('a<b>c:"d"|e?*.pdf', "abcde.pdf"),
        ],
    )
    def test_names_are_reduced_to_a_safe_base_name(self, given: str, stored: str) -> None:
        assert safe_file_name(given) == stored

    def test_a_long_name_is_cut_to_the_limit_and_keeps_its_extension(self) -> None:
        name = safe_file_name("n" * 5_000 + ".pdf")
        assert len(name) == MAX_FILE_NAME_CHARS
        assert name.endswith(".pdf")

    @pytest.mark.parametrize("given", ["", "../..", "/", "\x00\x01"])
    def test_a_name_with_nothing_left_is_refused(self, given: str) -> None:
        with pytest.raises(ValidationError, match="no usable name"):
            safe_file_name(given)

    def test_a_delivery_stores_the_safe_name(self) -> None:
        w = World(ContactFilter.MASK)
        order = w.market.orders.deliver(
            w.order("active"),
            actor="bob",
            message="files",
            attachments=[Attachment("../../etc/passwd.pdf", 9, head=PDF)],
        )
        assert order.deliveries[-1].attachments[0].name == "passwd.pdf"


class TestAttachmentsFailClosed:
    @pytest.mark.parametrize("head", [b"", None])
    def test_a_file_without_its_first_bytes_is_refused(self, head: bytes | None) -> None:
        w = World(ContactFilter.MASK)
        order_id = w.order("active")
        before = w.market.orders.get(order_id, viewer=BACK_OFFICE)
        file = Attachment("logo.png", 100, head=head)  # type: ignore[arg-type]
        with pytest.raises(PolicyViolation, match="first bytes"):
            w.market.orders.deliver(order_id, actor="bob", message="logo", attachments=[file])
        assert w.market.orders.get(order_id, viewer=BACK_OFFICE) == before

    def test_the_inspector_may_fetch_the_first_bytes_by_reference(self) -> None:
        from microjob.attachments import MagicInspector

        class Stored(MagicInspector):
            def fetch_head(self, ref: str) -> bytes | None:
                return {"s3://bucket/logo.png": b"\x89PNG\r\n\x1a\n"}.get(ref)

        w = World(ContactFilter.MASK, inspector=Stored())
        order_id = w.order("active")
        good = Attachment("logo.png", 100, ref="s3://bucket/logo.png")
        assert (
            w.market.orders.deliver(order_id, actor="bob", message="logo", attachments=[good]).state
            == "delivered"
        )
        other = w.order("active")
        unknown = Attachment("logo.png", 100, ref="s3://bucket/missing.png")
        with pytest.raises(PolicyViolation, match="first bytes"):
            w.market.orders.deliver(other, actor="bob", message="logo", attachments=[unknown])


class TestCardsAreScreenedWhole:
    def _card(self, w: World, **fields: Any) -> Any:
        base: dict[str, Any] = {
            "title": "Logo design",
            "description": "A clean vector logo",
            "category": "design",
            "price": "20",
            "delivery_days": 3,
        }
        base.update(fields)
        return w.market.listings.create(actor="bob", **base)

    @pytest.mark.parametrize(
        "fields",
        [
            {"tags": ["logo", "anna.berg@outlook.com"]},
            {"title": "Logo design, call +1 415", "description": "555 2671 for details"},
            {
                "packages": None,
                "extras": [{"key": "fast", "title": "mail anna.berg@outlook.com", "price": "5"}],
            },
        ],
        ids=["tag", "split-across-title-and-description", "extra-title"],
    )
    def test_block_refuses_contact_details_in_any_part_of_a_card(
        self, fields: dict[str, Any]
    ) -> None:
        w = World(ContactFilter.BLOCK)
        if fields.get("packages", 1) is None:
            del fields["packages"]
        with pytest.raises(ContactDetailsRefused):
            self._card(w, **fields)
        assert w.market.chat.contact_strikes("bob", viewer=BACK_OFFICE) == 1

    def test_a_clean_card_is_still_cleaned(self) -> None:
        w = World(ContactFilter.BLOCK)
        card = self._card(w, title="Logo \u202edesign\u202c")
        assert card.title == "Logo design"

    def test_the_ruling_a_party_asks_for_is_screened_too(self) -> None:
        from microjob.disputes import Ruling

        w = World(ContactFilter.BLOCK)
        order_id = w.order("active")
        with pytest.raises(ContactDetailsRefused):
            w.market.disputes.open(
                order_id, actor="ann", reason="No reply", requested=Ruling.refund_buyer(EMAIL)
            )
        assert w.market.orders.get(order_id, viewer="ann").state == "active"


class TestCleaningByRegex:
    """``clean_text`` finds control and bidirectional characters with one regex pass each; it
    must answer exactly as the per-character rule it replaced (category ``Cc`` outside tab and
    newline in multi-line fields, the bidirectional overrides and isolates dropped)."""

    @staticmethod
    def _per_character(value: str, single_line: bool) -> str:
        import unicodedata

        bidi = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        text = "".join(ch for ch in text if ch not in bidi)
        allowed = frozenset() if single_line else frozenset("\n\t")
        for ch in text:
            if ch not in allowed and unicodedata.category(ch) == "Cc":
                kind = "line breaks" if ch == "\n" else "control characters"
                raise ValidationError(f"x cannot contain {kind} (found {ch!r})")
        return text.strip()

    def _same(self, value: str) -> None:
        from microjob.intake import clean_text

        for single_line in (True, False):
            try:
                expected: str | Exception = self._per_character(value, single_line)
            except ValidationError as error:
                expected = error
            try:
                got: str | Exception = clean_text(value, "x", limit=10_000, single_line=single_line)
            except ValidationError as error:
                got = error
            assert type(got) is type(expected), (value, got)
            assert str(got) == str(expected), value

    def test_the_control_classes_are_exactly_category_cc(self) -> None:
        import sys
        import unicodedata

        from microjob.intake import _BIDI, _CONTROL, _CONTROL_MULTILINE

        every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
        cc = {ch for ch in every if unicodedata.category(ch) == "Cc"}
        assert set(_CONTROL.findall(every)) == cc
        assert set(_CONTROL_MULTILINE.findall(every)) == cc - {"\n", "\t"}
        assert set(_BIDI.findall(every)) == set(
            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        )

    def test_control_and_bidirectional_characters_alone_and_inside_words(self) -> None:
        for code in (*range(0xA1), 0x200B, 0x200E, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF):
            ch = chr(code)
            self._same(ch)
            self._same(f"a{ch}b")

    def test_mixed_texts(self) -> None:
        for value in (
            "  Logo\r\nfor my\rshop\t ",
            "pay \u202eelcaro\u202c now",
            "a\u2066b\u2069c\x00d",
            "tab\tand\nnewline\x7f",
            "e\u0301 composed, \x85 next line, \x9f last",
            "\u202a\u202b\u202c",
            "plain words",
        ):
            self._same(value)
