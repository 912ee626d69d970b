"""The stored forms that are microjob's own: leaf values, the self-describing form, set order.

`microjob.adapters.codec` hands these to cattrs as hooks. They are the part of the storage
format that no cattrs default writes (or writes differently), and the rows already stored depend
on each character of them, so they live here, apart from the machinery that walks records:
the text of each leaf type, the tagged form of values whose hint says nothing (``Any``), which
leaf form a hint selects, and how an ``X | Y`` member is recognised at run time.
"""

from __future__ import annotations

import base64
import collections.abc
import datetime as dt
import enum
import importlib
import json
import typing
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from moneyed import Money

__all__ = [
    "CodecError",
    "Decoder",
    "Encoder",
    "canonical",
    "class_path",
    "compact_json",
    "dec_bytes",
    "dec_datetime",
    "dec_duration",
    "dec_money",
    "dec_pendulum",
    "dec_timedelta",
    "enc_bytes",
    "enc_datetime",
    "enc_enum",
    "enc_money",
    "enc_timedelta",
    "leaf_decoder",
    "leaf_encoder",
    "resolve_class",
    "runtime_check",
    "tagged_decode",
    "tagged_encode",
    "unwrap",
]


Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class CodecError(TypeError):
    """A value or a type hint the codec cannot store exactly."""


def class_path(cls: type) -> str:
    """``module:qualname``: how ``$type``, ``$enum`` and ``$attrs`` name a class."""
    return f"{cls.__module__}:{cls.__qualname__}"


def resolve_class(path: str) -> Any:
    """The class named by a ``module:qualname`` path (what ``$type`` and the outbox store)."""
    module, _, qualname = path.partition(":")
    if not module or not qualname:
        raise CodecError(f"{path!r} is not a 'module:qualname' class path")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def _json_writer(sort_keys: bool) -> Callable[[Any], str]:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)``,
    to the character, without what each ``dumps`` call costs besides the writing (a new
    ``JSONEncoder``, two Python frames): the C encoder ``dumps`` itself uses is made once.
    Documents are trees, so there is no circular-reference bookkeeping (a cycle would end in
    ``RecursionError`` rather than ``ValueError``)."""
    encoder = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, check_circular=False
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - an interpreter without the C accelerator
        return encoder.encode
    # the arguments JSONEncoder.iterencode passes, in its order
    walk = make(None, encoder.default, json.encoder.encode_basestring, None, ":", ",",
                sort_keys, False, True)  # fmt: skip
    join = "".join

    def write(data: Any) -> str:
        return join(walk(data, 0))

    return write


compact_json: Callable[[Any], str] = _json_writer(sort_keys=False)
"""Compact JSON text of encoded data, keys in their order: how documents are stored."""

canonical: Callable[[Any], str] = _json_writer(sort_keys=True)
"""Deterministic JSON text of encoded data (sorted keys): for hashing and set ordering."""


def enc_money(value: Money) -> str:
    return f"{value.amount} {value.currency.code}"


def dec_money(text: str) -> Money:
    amount, _, code = text.partition(" ")
    return Money(Decimal(amount), code)


_UTC_ZONE = pendulum.UTC


_UTC_MICROS = "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00"
_UTC_SECONDS = "%04d-%02d-%02dT%02d:%02d:%02d+00:00"


def enc_datetime(value: dt.datetime) -> str:
    zone = value.tzinfo
    if zone is _UTC_ZONE:
        # The engine's clocks: isoformat's text for UTC, written without isoformat, which
        # asks the zone for its offset (half its time); %-formatting beats an f-string here.
        v = value
        if v.microsecond:
            return _UTC_MICROS % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
        return _UTC_SECONDS % (v.year, v.month, v.day, v.hour, v.minute, v.second)
    text = dt.datetime.isoformat(value)
    if isinstance(zone, zoneinfo.ZoneInfo) and zone.key not in ("UTC", "Etc/UTC"):
        return f"{text}[{zone.key}]"  # a named zone: keep it, its DST rules matter later
    return text


def _split_zone(text: str) -> tuple[str, str | None]:
    if text.endswith("]"):
        stamp, _, zone = text[:-1].partition("[")
        return stamp, zone
    return text, None


def dec_pendulum(text: str) -> pendulum.DateTime:
    stamp, zone = _split_zone(text)
    parsed = dt.datetime.fromisoformat(stamp)
    offset = parsed.utcoffset()
    if zone is None and offset == dt.timedelta(0):
        p = parsed
        return pendulum.DateTime(
            p.year, p.month, p.day, p.hour, p.minute, p.second, p.microsecond, tzinfo=_UTC_ZONE
        )
    if zone is not None:
        return pendulum.instance(parsed.astimezone(pendulum.timezone(zone)))
    if offset is None:
        return pendulum.instance(parsed, tz=None)
    return pendulum.instance(parsed)


def dec_datetime(text: str) -> dt.datetime:
    stamp, zone = _split_zone(text)
    parsed = dt.datetime.fromisoformat(stamp)
    if zone is not None:
        return parsed.astimezone(zoneinfo.ZoneInfo(zone))
    return parsed


def enc_timedelta(value: dt.timedelta) -> list[int]:
    return [value.days, value.seconds, value.microseconds]


def dec_timedelta(data: list[int]) -> dt.timedelta:
    days, seconds, micros = data
    return dt.timedelta(days=days, seconds=seconds, microseconds=micros)


def dec_duration(data: list[int]) -> pendulum.Duration:
    days, seconds, micros = data
    return pendulum.duration(days=days, seconds=seconds, microseconds=micros)


def enc_enum(value: enum.Enum) -> Any:
    return value.value


def enc_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def dec_bytes(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# -- the self-describing form -------------------------------------------------------------------
def tagged_encode(value: Any, encode_record: Callable[[Any], Any]) -> Any:
    """The self-describing form of a value whose type the hints do not say (``Any`` fields,
    index values): a tag per kind, so it reads back without a hint. ``encode_record`` writes
    an attrs record by its own class."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, Money):
        return {"$money": enc_money(value)}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, pendulum.DateTime):
        return {"$datetime": enc_datetime(value)}
    if isinstance(value, dt.datetime):
        return {"$pydatetime": enc_datetime(value)}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$timedelta": enc_timedelta(value)}
    if isinstance(value, bytes):
        return {"$bytes": enc_bytes(value)}
    if isinstance(value, enum.Enum):
        return {"$enum": class_path(type(value)), "value": value.value}
    if attrs.has(type(value)):
        return {"$attrs": class_path(type(value)), "value": encode_record(value)}
    if isinstance(value, tuple):
        return {"$tuple": [tagged_encode(v, encode_record) for v in value]}
    if isinstance(value, list):
        return [tagged_encode(v, encode_record) for v in value]
    if isinstance(value, (set, frozenset)):
        kind = "$frozenset" if isinstance(value, frozenset) else "$set"
        return {kind: sorted((tagged_encode(v, encode_record) for v in value), key=canonical)}
    if isinstance(value, Mapping):
        return {
            "$map": [
                [tagged_encode(k, encode_record), tagged_encode(v, encode_record)]
                for k, v in value.items()
            ]
        }
    if isinstance(value, (str, int, float)):  # subclasses of the plain types
        return tagged_encode(type(value).__mro__[-2](value), encode_record)
    raise CodecError(
        f"cannot store a {type(value).__qualname__} ({value!r}); give the field a type hint "
        "the codec knows (see microjob.adapters.codec) or make it an attrs class"
    )


def tagged_decode(data: Any, decode_record: Callable[[Any, Any], Any]) -> Any:
    """The value `tagged_encode` wrote; ``decode_record(data, cls)`` reads a record."""
    if data is None or type(data) in (str, int, bool, float):
        return data
    if isinstance(data, list):
        return [tagged_decode(v, decode_record) for v in data]
    if not isinstance(data, dict) or len(data) > 2:
        raise CodecError(f"not a value this codec wrote: {data!r}")
    tag = next(iter(data))
    value = data[tag]
    if tag == "$money":
        return dec_money(value)
    if tag == "$decimal":
        return Decimal(value)
    if tag == "$datetime":
        return dec_pendulum(value)
    if tag == "$pydatetime":
        return dec_datetime(value)
    if tag == "$date":
        return dt.date.fromisoformat(value)
    if tag == "$timedelta":
        return dec_timedelta(value)
    if tag == "$bytes":
        return dec_bytes(value)
    if tag == "$enum":
        enum_cls = resolve_class(value)
        if not (isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum)):
            raise CodecError(f"{value} is not an Enum")
        return enum_cls(data["value"])
    if tag == "$attrs":
        record_cls = resolve_class(value)
        if not (isinstance(record_cls, type) and attrs.has(record_cls)):
            raise CodecError(f"{value} is not an attrs class")
        return decode_record(data["value"], record_cls)
    if tag == "$tuple":
        return tuple(tagged_decode(v, decode_record) for v in value)
    if tag == "$set":
        return {tagged_decode(v, decode_record) for v in value}
    if tag == "$frozenset":
        return frozenset(tagged_decode(v, decode_record) for v in value)
    if tag == "$map":
        return {tagged_decode(k, decode_record): tagged_decode(v, decode_record) for k, v in value}
    raise CodecError(f"unknown tag {tag!r} in stored data")


# -- leaves and wrappers, by type hint ----------------------------------------------------------
def leaf_encoder(hint: type) -> Encoder | None:
    """microjob's own text for a leaf type (checked in this order: a pendulum ``DateTime``
    is a ``datetime`` is a ``date``), or None."""
    if issubclass(hint, Money):
        return enc_money
    if issubclass(hint, Decimal):
        return str
    if issubclass(hint, dt.datetime):
        return enc_datetime
    if issubclass(hint, dt.date):
        return dt.date.isoformat
    if issubclass(hint, dt.timedelta):
        return enc_timedelta
    if issubclass(hint, bytes):
        return enc_bytes
    if issubclass(hint, enum.Enum):
        return enc_enum
    return None


def leaf_decoder(hint: type) -> Decoder | None:
    if issubclass(hint, Money):
        return dec_money
    if issubclass(hint, Decimal):
        return Decimal
    if issubclass(hint, pendulum.DateTime):
        return dec_pendulum
    if issubclass(hint, dt.datetime):
        return dec_datetime
    if issubclass(hint, dt.date):
        return pendulum.Date.fromisoformat if issubclass(hint, pendulum.Date) else _iso_date
    if issubclass(hint, pendulum.Duration):
        return dec_duration
    if issubclass(hint, dt.timedelta):
        return dec_timedelta
    if issubclass(hint, bytes):
        return dec_bytes
    if issubclass(hint, enum.Enum):
        return hint
    return None


def _iso_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def unwrap(hint: Any) -> Any:
    """Strip ``Annotated``, ``NewType`` and ``TypeAliasType`` wrappers."""
    while True:
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        elif isinstance(hint, typing.NewType):
            hint = hint.__supertype__
        elif type(hint).__name__ == "TypeAliasType":
            hint = hint.__value__
        else:
            return hint


def runtime_check(hint: Any) -> Callable[[Any], bool]:
    hint = unwrap(hint)
    origin = typing.get_origin(hint)
    target = origin if origin is not None else hint
    if target in (collections.abc.Mapping, collections.abc.MutableMapping):
        target = Mapping
    if target is collections.abc.Sequence:
        target = (tuple, list)
    if target is Any or target is object:
        return lambda value: True
    if target is typing.Literal:
        allowed = typing.get_args(hint)
        return lambda value: value in allowed
    if target is float:
        return lambda value: isinstance(value, float)
    if target is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(target, (type, tuple)):
        return lambda value: isinstance(value, target)
    return lambda value: False
