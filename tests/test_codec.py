"""The storage codec writes, byte for byte, what it wrote before it was built on cattrs, and
reads those documents back to equal values.

The reference is a frozen copy of the previous implementation (`tests.test_codec_reference`);
the corpus is every record kind one run through every capability of the engine leaves in a
store, the events it publishes, drawn policies and orders, and hand-made records that use each
form the format has (unions, ``Any`` fields, sets, sequences, pair maps, subclasses, defaults
left out, ``None`` where the hint does not allow it, private fields).
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import json
import subprocess
import sys
import typing
import zoneinfo
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NewType

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob import Marketplace
from microjob.adapters.codec import Codec, CodecError, canonical
from microjob.adapters.codec_forms import compact_json, enc_datetime
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.adapters.sql.clock import _sqlite_time
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.testing import strategies as mst
from microjob.testing.contract_records import Gadget, Part, Shade, sample_gadget
from microjob.testing.contract_scenario import QUICK, T0, Scenario
from tests.test_codec_reference import Codec as ReferenceCodec

ORDER_SKIP = frozenset({"policy"})
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def assert_same(value: Any, hint: Any = None) -> None:
    """Fresh codecs on both sides (no shared caches): the same text, and both read it back
    to the value."""
    ours, theirs = Codec(), ReferenceCodec()
    text = theirs.dumps(value, hint)
    assert ours.dumps(value, hint) == text
    read_as = type(value) if hint is None else hint
    assert ours.loads(text, read_as) == value
    assert ours.loads(text, read_as) == theirs.loads(text, read_as)


# -- the engine's own records ------------------------------------------------------------------
def _engine_run() -> tuple[MemoryStore, RecordingPublisher]:
    store = MemoryStore()
    publisher = RecordingPublisher()
    market = Marketplace(
        uow=store.unit_of_work,
        clock=FrozenClock(T0),
        policy=QUICK,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(keep=False),
        publisher=publisher,
    )
    for name in ("ann", "bob", "cy"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    Scenario(market).play()
    return store, publisher


@pytest.fixture(scope="module")
def engine() -> tuple[MemoryStore, RecordingPublisher]:
    return _engine_run()


def test_every_record_kind_the_engine_stores_is_written_as_before(
    engine: tuple[MemoryStore, RecordingPublisher],
) -> None:
    store, _ = engine
    records = [r for rows in store.records.values() for r in rows.values()]
    assert len({type(r) for r in records}) >= 10
    for record in records:
        assert_same(record, type(record))
        assert_same(record, Any)  # an index value and an untyped field: the tagged form


def test_users_and_policies_are_written_as_before(
    engine: tuple[MemoryStore, RecordingPublisher],
) -> None:
    store, _ = engine
    for user in store.users.values():
        assert_same(user)
    assert_same(QUICK, MarketplacePolicy)


def test_orders_are_written_without_their_policy_as_before(
    engine: tuple[MemoryStore, RecordingPublisher],
) -> None:
    store, _ = engine
    ours, theirs = Codec(), ReferenceCodec()
    encode, decode = ours.fields_encoder(Order, ORDER_SKIP), ours.fields_decoder(Order, ORDER_SKIP)
    old_encode = theirs.fields_encoder(Order, ORDER_SKIP)
    assert store.orders
    for order in store.orders.values():
        text = _json(old_encode(order))
        assert _json(encode(order)) == text
        assert "policy" not in json.loads(text)
        assert decode(json.loads(text), policy=order.policy) == order
        assert_same(order)  # with the policy, as an event or an Any field carries it


def test_published_events_are_written_as_before(
    engine: tuple[MemoryStore, RecordingPublisher],
) -> None:
    _, publisher = engine
    assert publisher.events
    for event in publisher.events:
        assert_same(event)  # the outbox: the event's own type is the hint


@SLOW
@given(mst.policies())
def test_drawn_policies_are_written_as_before(policy: MarketplacePolicy) -> None:
    assert_same(policy, MarketplacePolicy)


@SLOW
@given(mst.orders())
def test_drawn_orders_are_written_as_before(placed: mst.PlacedOrder) -> None:
    ours, theirs = Codec(), ReferenceCodec()
    order = placed.order
    text = _json(theirs.fields_encoder(Order, ORDER_SKIP)(order))
    assert _json(ours.fields_encoder(Order, ORDER_SKIP)(order)) == text
    assert ours.fields_decoder(Order, ORDER_SKIP)(json.loads(text), policy=order.policy) == order


# -- every form, by hand -----------------------------------------------------------------------
UserId = NewType("UserId", str)


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Tone(enum.StrEnum):
    CALM = "calm"
    LOUD = "loud"


@attrs.frozen
class Base:
    name: str
    note: str | None = None


@attrs.frozen
class Derived(Base):
    extra: Decimal = Decimal("0")


@attrs.frozen
class Holder:
    """A field for each form the format has."""

    base: Base
    amount: Money | Decimal | None = None
    choice: int | str | None = None
    either: Part | Money | None = None
    anything: Any = None
    thing: object = None
    tags: frozenset[str] = frozenset()
    mutable_tags: set[int] = attrs.field(factory=set)
    parts_seq: Sequence[Part] = ()
    by_name: Mapping[str, Part] = attrs.field(factory=dict)
    by_day: dict[dt.date, Money] = attrs.field(factory=dict)
    loose: dict = attrs.field(factory=dict)  # type: ignore[type-arg]
    fixed: tuple[int, str] = (0, "")
    empty: tuple[()] = ()
    items: list[Base] = attrs.field(factory=list)
    when: dt.datetime | None = None
    day: dt.date | None = None
    pday: pendulum.Date | None = None
    span: dt.timedelta | None = None
    pspan: pendulum.Duration | None = None
    raw: bytes = b""
    level: Level = Level.LOW
    tone: Tone = Tone.CALM
    kind: Literal["a", "b"] = "a"
    owner: UserId = UserId("")
    rating: float = 0
    count: int = 0
    flag: bool = False
    ratio: typing.Annotated[Decimal, "exact"] = Decimal("1")
    _secret: str = "s"
    derived: int = attrs.field(init=False, default=7)


def _full_holder() -> Holder:
    zone = zoneinfo.ZoneInfo("Europe/Budapest")
    return Holder(
        base=Derived("d", note="n", extra=Decimal("1.50")),
        amount=Money("1.10", "EUR"),
        choice="seven",
        either=Part("bolt", Decimal("0.250")),
        anything={
            "m": Money("3", "JPY"),
            "t": (1, "x", None),
            "s": {Decimal("1.0"), Decimal("2")},
            "f": frozenset({b"\x00", b"z"}),
            "d": dt.date(2026, 1, 2),
            "p": pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Budapest"),
            "py": dt.datetime(2026, 3, 29, 1, 30, tzinfo=zone),
            "td": dt.timedelta(days=1, seconds=3, microseconds=4),
            "e": Shade.BLUE,
            "r": Part("nut", Decimal("1E+2")),
            (1, 2): [1.5, True],
        },
        thing=Level.HIGH,
        tags=frozenset({"b", "a", "ä", "10", "9"}),
        mutable_tags={3, 1, 20},
        parts_seq=(Part("a", Decimal(1)), Part("b", Decimal(2))),
        by_name={"x": Part("x", Decimal("0.1"))},
        by_day={dt.date(2026, 1, 1): Money("2.00", "USD"), dt.date(2025, 1, 1): Money(1, "USD")},
        loose={"k": [1, {"n": None}]},
        fixed=(3, "three"),
        items=[Base("plain"), Derived("sub", extra=Decimal("-0"))],
        when=dt.datetime(2026, 7, 1, 12, 0, tzinfo=zone),
        day=dt.date(2026, 2, 28),
        pday=pendulum.Date(2026, 2, 28),
        span=dt.timedelta(seconds=-1),
        pspan=pendulum.duration(days=2, hours=3),
        raw=b"\x00\xff",
        level=Level.HIGH,
        tone=Tone.LOUD,
        kind="b",
        owner=UserId("ann"),
        rating=4.5,
        count=3,
        flag=True,
        ratio=Decimal("1E-3"),
        secret="hidden",
    )


CASES: list[tuple[str, Any, Any]] = [
    ("every field set", _full_holder(), Holder),
    ("every default", Holder(base=Base("b")), Holder),
    ("a subclass where the base is named", Derived("x", extra=Decimal("2")), Base),
    ("a subclass inside a list", Holder(base=Base("b"), items=[Derived("y")]), Holder),
    ("an int member of a union", Holder(base=Base("b"), choice=5), Holder),
    ("money in a money-or-decimal field", Holder(base=Base("b"), amount=Decimal("9")), Holder),
    ("money in a part-or-money field", Holder(base=Base("b"), either=Money(1, "HUF")), Holder),
    ("a list where a sequence is named", Holder(base=Base("b"), parts_seq=[Part("l", 1)]), Holder),
    ("a float equal to an int default", Holder(base=Base("b"), rating=0.0), Holder),
    ("False where the default is 0", Holder(base=Base("b"), count=False), Holder),
    ("a set where the default is frozenset()", Holder(base=Base("b"), tags=set()), Holder),  # type: ignore[arg-type]
    ("an empty list where the default is ()", Holder(base=Base("b"), parts_seq=[]), Holder),
    ("None where the hint does not allow it", Holder(base=Base("b"), rating=None), Holder),  # type: ignore[arg-type]
    ("None in a record field", Holder(base=None), Holder),  # type: ignore[arg-type]
    ("None in a money field", Gadget("g", 1, "ann", "new", None, T0), Gadget),  # type: ignore[arg-type]
    ("a utc pendulum time", pendulum.datetime(2026, 1, 1, tz="UTC"), pendulum.DateTime),
    ("a fixed-offset time", pendulum.parse("2026-01-01T10:00:00+02:00"), pendulum.DateTime),
    ("a naive datetime", dt.datetime(2026, 1, 1, 10), dt.datetime),
    ("a gadget", sample_gadget("g1"), Gadget),
    ("a gadget read as Any", sample_gadget("g2", ready=True), Any),
    ("a tuple of gadgets", (sample_gadget("a"), sample_gadget("b", note=None)), tuple[Gadget, ...]),
    ("a frozenset of shades", frozenset(Shade), frozenset[Shade]),
    ("a mapping of shade to parts", {Shade.RED: (Part("p", 1),)}, dict[Shade, tuple[Part, ...]]),
    ("an optional part", None, Part | None),
    ("a literal", "b", Literal["a", "b"]),
    ("an exponent kept", Money("1.000", "USD"), Money),
]


@pytest.mark.parametrize(
    ("value", "hint"), [(v, h) for _, v, h in CASES], ids=[c[0] for c in CASES]
)
def test_each_form_is_written_as_before(value: Any, hint: Any) -> None:
    assert_same(value, hint)


GOLDEN = (
    '{"id":"g1","version":1,"owner":"ann","state":"new","price":"12.30 USD",'
    '"made_at":"2026-03-29T01:30:00+01:00[Europe/Budapest]","shade":"blue",'
    '"parts":[{"name":"bolt","weight":"0.250"},{"name":"nut","weight":"1E+2"}],'
    '"note":"ünïcode ✓","blob":"AP9ieXRlcw==","flags":["a","b"]}'
)


def test_a_pinned_document_is_written_and_read_unchanged() -> None:
    """Beside the reference copy, one document pinned as text, in case both ever drift."""
    gadget = sample_gadget("g1")
    assert Codec().dumps(gadget) == GOLDEN
    assert Codec().loads(GOLDEN, Gadget) == gadget


@given(st.datetimes(timezones=st.just(pendulum.UTC)))
def test_utc_times_are_written_as_isoformat_writes_them(value: dt.datetime) -> None:
    """The UTC shortcut of the datetime form: isoformat's text to the character (seconds only
    when there are no microseconds), for pendulum's UTC and any year."""
    moment = pendulum.instance(value)
    assert moment.tzinfo is pendulum.UTC
    assert enc_datetime(moment) == dt.datetime.isoformat(moment)


SQL_ZONES = st.sampled_from([pendulum.UTC, dt.UTC, pendulum.timezone("Asia/Kolkata")])


@given(st.datetimes(min_value=dt.datetime(2, 1, 1), timezones=SQL_ZONES))
def test_stored_sql_times_are_utc_with_microseconds(value: dt.datetime) -> None:
    naive = value.astimezone(dt.UTC).replace(tzinfo=None)
    assert _sqlite_time(value) == naive.isoformat(" ", "microseconds")


JSON_SAMPLES: list[Any] = [
    {"b": 1, "a": [1.5, -0.0, 1e300, None, True, False], "ü": 'ünïcode ✓ \u2028 \x00 "q"'},
    [{"z": {"y": [], "x": {}}, "": ""}, "tail"],
    "just text",
    12,
    None,
    [float("nan"), float("inf"), -float("inf"), 10**30],
]


@pytest.mark.parametrize("data", JSON_SAMPLES)
def test_the_json_writers_write_what_json_dumps_writes(data: Any) -> None:
    """Stored documents and hashes depend on each character: the prebuilt writers must give
    ``json.dumps``' text with the same options."""
    assert compact_json(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert canonical(data) == json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


def test_an_order_decoded_with_its_policy_passed_separately() -> None:
    store, _ = _engine_run()
    order = next(iter(store.orders.values()))
    ours = Codec()
    data = ours.fields_encoder(Order, ORDER_SKIP)(order)
    assert ours.fields_decoder(Order, ORDER_SKIP)(data, policy=order.policy) == order
    assert data == ours.fields_encoder(Order, ORDER_SKIP)(order)  # the document is untouched


def test_unknown_keys_are_ignored_and_missing_defaults_filled() -> None:
    data = json.loads(Codec().dumps(Part("p", Decimal(1))))
    data["grown_later"] = [1, 2]
    assert Codec().decode(data, Part) == Part("p", Decimal(1))
    assert Codec().decode({"base": {"name": "b"}}, Holder) == Holder(base=Base("b"))


def test_a_type_that_is_not_a_subclass_is_refused() -> None:
    data = {"name": "x", "$type": "tests.test_codec:Holder"}
    with pytest.raises(CodecError, match="is not a Base"):
        Codec().decode(data, Base)
    with pytest.raises(CodecError, match="expected a Part"):
        Codec().encode(Base("x"), Part)


def test_a_value_the_format_cannot_hold_is_refused_with_the_fix() -> None:
    with pytest.raises(CodecError, match="give the field a type hint"):
        Codec().encode(object(), Any)
    with pytest.raises(CodecError, match="matches none of"):
        Codec().encode(["not", "either"], Part | Money)


@attrs.frozen
class Node:
    label: str
    child: Node | None = None


def test_a_record_that_contains_itself_round_trips() -> None:
    tree = Node("a", Node("b", Node("c")))
    text = Codec().dumps(tree)
    assert text == '{"label":"a","child":{"label":"b","child":{"label":"c"}}}'
    assert Codec().loads(text, Node) == tree


def test_the_codec_is_shared_across_threads_without_rebuilding() -> None:
    ours = Codec()
    assert ours.encoder(Gadget) is ours.encoder(Gadget)
    assert ours.decoder(Gadget) is ours.decoder(Gadget)
    assert ours.encoder(collections.abc.Sequence[Part]) is ours.encoder(Sequence[Part])


def test_importing_microjob_does_not_import_cattrs() -> None:
    """cattrs is a dependency of the SQL extras only: the engine runs without it."""
    probe = "import sys, microjob; print('cattrs' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# -- remembered encodings of recurring immutable items ------------------------------------------
@attrs.frozen
class _Line:
    at: pendulum.DateTime
    what: str
    amount: Money | None = None


@attrs.frozen
class _Ledgerish:
    id: str
    lines: tuple[_Line, ...] = ()


@attrs.define
class _Loose:
    what: str


@attrs.frozen
class _Holder:
    loose: tuple[_Loose, ...] = ()


def test_recurring_immutable_items_are_encoded_once_and_written_the_same() -> None:
    fresh = Codec()
    encoded: list[str] = []
    inner = fresh.encoder(_Line)

    def counting(value: Any) -> Any:
        encoded.append(value.what)
        return inner(value)

    fresh._encoders[_Line] = counting  # what the tuple's item encoder will be built from
    first = _Line(pendulum.datetime(2026, 3, 2, tz="UTC"), "placed", Money("1.50", "USD"))
    second = _Line(pendulum.datetime(2026, 3, 3, tz="UTC"), "paid")
    one = _Ledgerish("a", (first,))
    two = _Ledgerish("a", (first, second))
    doc_one, doc_two = fresh.encode(one), fresh.encode(two)
    assert encoded == ["placed", "paid"]  # the first line was not encoded again
    assert doc_one["lines"][0] == doc_two["lines"][0]
    doc_two["lines"][0]["what"] = "edited"  # a caller's edit changes nothing remembered
    assert fresh.encode(two)["lines"][0]["what"] == "placed"
    assert fresh.dumps(two) == Codec().dumps(two)  # and the document is what a cold codec writes
    assert fresh.decode(json.loads(fresh.dumps(two)), _Ledgerish) == two


def test_mutable_items_are_never_remembered() -> None:
    fresh = Codec()
    item = _Loose("before")
    holder = _Holder((item,))
    assert fresh.encode(holder) == {"loose": [{"what": "before"}]}
    item.what = "after"
    assert fresh.encode(holder) == {"loose": [{"what": "after"}]}


def test_the_remembered_encodings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from microjob.adapters import codec as module

    monkeypatch.setattr(module, "_MEMO_LIMIT", 8)
    fresh = Codec()
    at = pendulum.datetime(2026, 3, 2, tz="UTC")
    lines = tuple(_Line(at, f"line {n}") for n in range(20))
    encode = fresh.encoder(tuple[_Line, ...])
    assert encode(lines) == [
        {"at": "2026-03-02T00:00:00+00:00", "what": f"line {n}"} for n in range(20)
    ]
    memo = next(
        cell.cell_contents
        for cell in encode.__closure__[0].cell_contents.__closure__  # type: ignore[index,union-attr]
        if isinstance(cell.cell_contents, dict)
    )
    assert 0 < len(memo) <= 8
