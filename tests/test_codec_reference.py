"""A frozen copy of the storage codec as it was before it was built on cattrs (no tests here).

`tests/test_codec.py` encodes a corpus of records with this copy and with
`microjob.adapters.codec` and requires the same JSON text, byte for byte: rows written before
the change must read unchanged, and rows written after it must be what this copy writes. Do not
edit it to follow the codec: it is the reference the codec is held to.

Its own description, as it was:

One generic codec: frozen attrs records to JSON-able values and back, exactly.

Storage adapters keep aggregates (orders, disputes, reviews, payouts, chat messages, ...) as
JSON documents. Rather than a serializer per class, this module reads each attrs class's fields
and their resolved type hints once, builds an encoder and a decoder for it, and caches them, so
a record type added tomorrow is stored without touching the adapter.

What it knows by type hint, and how it writes it:

=====================================  =============================================
``str`` ``int`` ``bool`` ``float``     as themselves
``Decimal``                            its exact text (``"0.10"``, ``"1E+2"``)
``Money``                              ``"12.30 USD"`` (amount text, space, ISO code)
``DateTime`` / ``datetime``            ISO 8601 with the offset, plus ``[Zone/Name]`` for a
                                       named non-UTC zone (so DST rules survive)
``date`` / ``timedelta``               ISO date / ``[days, seconds, microseconds]``
``bytes``                              base64 text
an ``Enum``                            its value
an attrs class                         an object of its fields; fields equal to a plain
                                       default (``None``, ``False``, ``0``, ``""``, ``()``)
                                       are left out, unknown keys are ignored on the way
                                       back, so records can grow fields over time
``tuple[X, ...]`` ``list`` ``set``     arrays
``Mapping[str, V]`` / other keys       an object / an array of ``[key, value]`` pairs
``X | None``                           ``null`` or X
``X | Y``                              ``[member index, value]``
``Any`` / ``object`` / unknown         a self-describing form (``{"$money": ...}``)
=====================================  =============================================

A value of a subclass where the hint names its base is written with ``"$type"`` (the class's
``module:qualname``) and read back as that subclass. Every round trip is exact: the decoded
value equals the original, amounts keep their exponent and times their instant and zone.
"""

from __future__ import annotations

import base64
import collections.abc
import datetime as dt
import enum
import importlib
import json
import threading
import types
import typing
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from moneyed import Money

__all__ = [
    "Codec",
    "CodecError",
    "canonical",
    "codec",
    "decode",
    "dumps",
    "encode",
    "loads",
    "resolve_class",
]

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]
_NoneType = type(None)
_PLAIN_DEFAULTS = (type(None), bool, int, str, tuple, frozenset)


class CodecError(TypeError):
    """A value or a type hint the codec cannot store exactly."""


def _identity(value: Any) -> Any:
    return value


def _path(cls: type) -> str:
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


# -- leaves ------------------------------------------------------------------------------------
def _enc_decimal(value: Decimal) -> str:
    return str(value)


def _enc_money(value: Money) -> str:
    return f"{value.amount} {value.currency.code}"


def _dec_money(text: str) -> Money:
    amount, _, code = text.partition(" ")
    return Money(Decimal(amount), code)


_UTC_ZONE = pendulum.UTC


def _enc_datetime(value: dt.datetime) -> str:
    text = dt.datetime.isoformat(value)
    zone = value.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo) and zone.key not in ("UTC", "Etc/UTC"):
        return f"{text}[{zone.key}]"  # a named zone: keep it, its DST rules matter later
    return text


def _split_zone(text: str) -> tuple[str, str | None]:
    if text.endswith("]"):
        stamp, _, zone = text[:-1].partition("[")
        return stamp, zone
    return text, None


def _dec_pendulum(text: str) -> pendulum.DateTime:
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


def _dec_datetime(text: str) -> dt.datetime:
    stamp, zone = _split_zone(text)
    parsed = dt.datetime.fromisoformat(stamp)
    if zone is not None:
        return parsed.astimezone(zoneinfo.ZoneInfo(zone))
    return parsed


def _enc_timedelta(value: dt.timedelta) -> list[int]:
    return [value.days, value.seconds, value.microseconds]


def _dec_timedelta(data: list[int]) -> dt.timedelta:
    days, seconds, micros = data
    return dt.timedelta(days=days, seconds=seconds, microseconds=micros)


def _dec_duration(data: list[int]) -> pendulum.Duration:
    days, seconds, micros = data
    return pendulum.duration(days=days, seconds=seconds, microseconds=micros)


def _enc_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _dec_bytes(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# -- the codec ---------------------------------------------------------------------------------
class Codec:
    """Builds (once per type) and caches the encoder and decoder of every type it meets."""

    def __init__(self) -> None:
        self._encoders: dict[Any, Encoder] = {}
        self._decoders: dict[Any, Decoder] = {}
        self._hints: dict[type, dict[str, Any]] = {}
        self._lock = threading.RLock()

    # -- public API ------------------------------------------------------------------------
    def encode(self, value: Any, hint: Any = None) -> Any:
        """``value`` as JSON-able data, read as ``hint`` (default: the value's own type)."""
        return self.encoder(type(value) if hint is None else hint)(value)

    def decode(self, data: Any, hint: Any) -> Any:
        """The value ``data`` encodes, read as ``hint``."""
        return self.decoder(hint)(data)

    def dumps(self, value: Any, hint: Any = None) -> str:
        return json.dumps(self.encode(value, hint), ensure_ascii=False, separators=(",", ":"))

    def loads(self, text: str | bytes, hint: Any) -> Any:
        return self.decode(json.loads(text), hint)

    def encoder(self, hint: Any) -> Encoder:
        found = self._encoders.get(hint)
        if found is None:
            with self._lock:
                found = self._encoders.get(hint)
                if found is None:
                    found = self._build_encoder(hint)
                    self._encoders[hint] = found
        return found

    def decoder(self, hint: Any) -> Decoder:
        found = self._decoders.get(hint)
        if found is None:
            with self._lock:
                found = self._decoders.get(hint)
                if found is None:
                    found = self._build_decoder(hint)
                    self._decoders[hint] = found
        return found

    def fields_encoder(self, cls: type, skip: frozenset[str] = frozenset()) -> Encoder:
        """An encoder for the attrs class ``cls`` that leaves the fields in ``skip`` out (the
        caller stores them elsewhere, e.g. an order's policy by its content hash)."""
        return self._attrs_encoder(cls, skip)

    def fields_decoder(self, cls: type, skip: frozenset[str] = frozenset()) -> Callable[..., Any]:
        """``decoder(data, **extra)``: the instance of ``cls`` whose fields ``skip`` come from
        ``extra`` instead of ``data``."""
        return self._attrs_decoder(cls, skip)

    # -- type hints ---------------------------------------------------------------------------
    def hints(self, cls: type) -> dict[str, Any]:
        """The resolved type hint of every attrs field of ``cls`` (strings evaluated)."""
        found = self._hints.get(cls)
        if found is not None:
            return found
        try:
            resolved = typing.get_type_hints(cls)
        except Exception:
            resolved = {}
        result: dict[str, Any] = {}
        for field in attrs.fields(cls):
            hint = resolved.get(field.name, field.type)
            if isinstance(hint, str):
                hint = self._eval_hint(cls, hint)
            result[field.name] = Any if hint is None else hint
        self._hints[cls] = result
        return result

    @staticmethod
    def _eval_hint(cls: type, hint: str) -> Any:
        import sys

        namespace = dict(vars(sys.modules.get(cls.__module__, typing)))
        try:
            return eval(hint, namespace, {})  # a type hint of a loaded class
        except Exception:
            return Any  # unresolvable (a local class): stored in the self-describing form

    # -- encoders ---------------------------------------------------------------------------------
    def _build_encoder(self, hint: Any) -> Encoder:
        hint = _unwrap(hint)
        origin = typing.get_origin(hint)
        if hint is Any or hint is object:
            return self._dynamic_encode
        if hint is _NoneType or hint is None:
            return _identity
        if origin in (typing.Union, types.UnionType):
            return self._union_encoder(typing.get_args(hint))
        if origin is typing.Literal:
            return _identity
        if origin is not None:
            return self._generic_encoder(hint, origin, typing.get_args(hint))
        if not isinstance(hint, type):
            return self._dynamic_encode
        if hint in (str, int, bool, float):
            return _identity
        if issubclass(hint, Money):
            return _enc_money
        if issubclass(hint, Decimal):
            return _enc_decimal
        if issubclass(hint, dt.datetime):
            return _enc_datetime
        if issubclass(hint, dt.date):
            return dt.date.isoformat
        if issubclass(hint, dt.timedelta):
            return _enc_timedelta
        if issubclass(hint, bytes):
            return _enc_bytes
        if issubclass(hint, enum.Enum):
            return _enc_enum
        if attrs.has(hint):
            return self._attrs_encoder(hint, frozenset())
        if hint in (tuple, list, set, frozenset, dict) or issubclass(hint, Mapping):
            return self._dynamic_encode
        if issubclass(hint, (str, int, float)):
            return _identity
        return self._dynamic_encode

    def _union_encoder(self, members: tuple[Any, ...]) -> Encoder:
        others = tuple(m for m in members if m is not _NoneType and m is not None)
        if len(others) == 1:
            inner = self.encoder(others[0])

            def optional(value: Any) -> Any:
                return None if value is None else inner(value)

            return optional
        if all(m in (str, int, float, bool) for m in others):
            return _identity  # JSON keeps these apart on its own
        checks = [(_runtime_check(m), self.encoder(m)) for m in others]

        def tagged(value: Any) -> Any:
            if value is None:
                return None
            for index, (check, enc) in enumerate(checks):
                if check(value):
                    return [index, enc(value)]
            raise CodecError(f"{value!r} matches none of {others}")

        return tagged

    def _generic_encoder(self, hint: Any, origin: Any, args: tuple[Any, ...]) -> Encoder:
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                item = self.encoder(args[0])
                if item is _identity:
                    return list
                return lambda value: [item(v) for v in value]
            if not args or args == ((),):
                return lambda value: []
            parts = [self.encoder(a) for a in args]
            return lambda value: [enc(v) for enc, v in zip(parts, value, strict=True)]
        if origin is list:
            item = self.encoder(args[0] if args else Any)
            return lambda value: [item(v) for v in value]
        if origin in (collections.abc.Sequence, collections.abc.MutableSequence):
            item = self.encoder(args[0] if args else Any)

            def sequence(value: Any) -> Any:
                items = [item(v) for v in value]
                return {"$tuple": items} if isinstance(value, tuple) else items

            return sequence
        if origin in (set, frozenset, collections.abc.Set, collections.abc.MutableSet):
            item = self.encoder(args[0] if args else Any)
            return lambda value: sorted((item(v) for v in value), key=canonical)
        if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
            key_hint, value_hint = args if args else (Any, Any)
            val = self.encoder(value_hint)
            if key_hint is str:
                return lambda value: {k: val(v) for k, v in value.items()}
            key = self.encoder(key_hint)
            return lambda value: [[key(k), val(v)] for k, v in value.items()]
        if isinstance(origin, type) and attrs.has(origin):
            return self._attrs_encoder(origin, frozenset())  # a generic attrs class
        return self._dynamic_encode

    def _attrs_encoder(self, cls: type, skip: frozenset[str]) -> Encoder:
        hints = self.hints(cls)
        plan: list[tuple[str, Encoder | None, Any]] = []
        for field in attrs.fields(cls):
            if not field.init or field.name in skip:
                continue
            enc = self.encoder(hints[field.name])
            default = field.default
            omit: Any = _MISSING
            if (
                default is not attrs.NOTHING
                and not isinstance(default, attrs.Factory)  # type: ignore[arg-type]
                and type(default) in _PLAIN_DEFAULTS
            ):
                omit = default
            plan.append((field.name, None if enc is _identity else enc, omit))
        frozen = tuple(plan)

        def encode_attrs(value: Any) -> Any:
            if type(value) is not cls:
                return self._subclass_encode(cls, value)
            out: dict[str, Any] = {}
            for name, enc, omit in frozen:
                item = getattr(value, name)
                if omit is not _MISSING and type(item) is type(omit) and item == omit:
                    continue
                out[name] = item if enc is None or item is None else enc(item)
            return out

        return encode_attrs

    def _subclass_encode(self, declared: type, value: Any) -> Any:
        actual = type(value)
        if not attrs.has(actual) or not isinstance(value, declared):
            raise CodecError(f"expected a {declared.__qualname__}, got {actual.__qualname__}")
        data = dict(self._attrs_encoder(actual, frozenset())(value))
        data["$type"] = _path(actual)
        return data

    def _dynamic_encode(self, value: Any) -> Any:
        """A self-describing form for values whose type the hints do not say."""
        if value is None or type(value) in (str, int, bool, float):
            return value
        if isinstance(value, Money):
            return {"$money": _enc_money(value)}
        if isinstance(value, Decimal):
            return {"$decimal": str(value)}
        if isinstance(value, pendulum.DateTime):
            return {"$datetime": _enc_datetime(value)}
        if isinstance(value, dt.datetime):
            return {"$pydatetime": _enc_datetime(value)}
        if isinstance(value, dt.date):
            return {"$date": value.isoformat()}
        if isinstance(value, dt.timedelta):
            return {"$timedelta": _enc_timedelta(value)}
        if isinstance(value, bytes):
            return {"$bytes": _enc_bytes(value)}
        if isinstance(value, enum.Enum):
            return {"$enum": _path(type(value)), "value": value.value}
        if attrs.has(type(value)):
            return {"$attrs": _path(type(value)), "value": self.encode(value)}
        if isinstance(value, tuple):
            return {"$tuple": [self._dynamic_encode(v) for v in value]}
        if isinstance(value, list):
            return [self._dynamic_encode(v) for v in value]
        if isinstance(value, (set, frozenset)):
            kind = "$frozenset" if isinstance(value, frozenset) else "$set"
            return {kind: sorted((self._dynamic_encode(v) for v in value), key=canonical)}
        if isinstance(value, Mapping):
            return {
                "$map": [
                    [self._dynamic_encode(k), self._dynamic_encode(v)] for k, v in value.items()
                ]
            }
        if isinstance(value, (str, int, float)):  # subclasses of the plain types
            return self._dynamic_encode(type(value).__mro__[-2](value))
        raise CodecError(
            f"cannot store a {type(value).__qualname__} ({value!r}); give the field a type hint "
            "the codec knows (see microjob.adapters.codec) or make it an attrs class"
        )

    # -- decoders ---------------------------------------------------------------------------------
    def _build_decoder(self, hint: Any) -> Decoder:
        hint = _unwrap(hint)
        origin = typing.get_origin(hint)
        if hint is Any or hint is object:
            return self._dynamic_decode
        if hint is _NoneType or hint is None:
            return _identity
        if origin in (typing.Union, types.UnionType):
            return self._union_decoder(typing.get_args(hint))
        if origin is typing.Literal:
            return _identity
        if origin is not None:
            return self._generic_decoder(hint, origin, typing.get_args(hint))
        if not isinstance(hint, type):
            return self._dynamic_decode
        if hint in (str, int, bool):
            return _identity
        if hint is float:
            return float
        if issubclass(hint, Money):
            return _dec_money
        if issubclass(hint, Decimal):
            return Decimal
        if issubclass(hint, pendulum.DateTime):
            return _dec_pendulum
        if issubclass(hint, dt.datetime):
            return _dec_datetime
        if issubclass(hint, dt.date):
            return (
                pendulum.Date.fromisoformat
                if issubclass(hint, pendulum.Date)
                else (dt.date.fromisoformat)
            )
        if issubclass(hint, pendulum.Duration):
            return _dec_duration
        if issubclass(hint, dt.timedelta):
            return _dec_timedelta
        if issubclass(hint, bytes):
            return _dec_bytes
        if issubclass(hint, enum.Enum):
            return hint
        if attrs.has(hint):
            decode_fields = self._attrs_decoder(hint, frozenset())
            return lambda data: decode_fields(data)
        if hint in (tuple, list, set, frozenset, dict) or issubclass(hint, Mapping):
            return self._dynamic_decode
        if issubclass(hint, (str, int, float)):
            return hint
        return self._dynamic_decode

    def _union_decoder(self, members: tuple[Any, ...]) -> Decoder:
        others = tuple(m for m in members if m is not _NoneType and m is not None)
        if len(others) == 1:
            inner = self.decoder(others[0])

            def optional(data: Any) -> Any:
                return None if data is None else inner(data)

            return optional
        if all(m in (str, int, float, bool) for m in others):
            return _identity
        decoders = [self.decoder(m) for m in others]

        def tagged(data: Any) -> Any:
            if data is None:
                return None
            index, inner_data = data
            return decoders[index](inner_data)

        return tagged

    def _generic_decoder(self, hint: Any, origin: Any, args: tuple[Any, ...]) -> Decoder:
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                item = self.decoder(args[0])
                if item is _identity:
                    return tuple
                return lambda data: tuple([item(v) for v in data])
            if not args or args == ((),):
                return lambda data: ()
            parts = [self.decoder(a) for a in args]
            return lambda data: tuple([dec(v) for dec, v in zip(parts, data, strict=True)])
        if origin is list:
            item = self.decoder(args[0] if args else Any)
            return lambda data: [item(v) for v in data]
        if origin in (collections.abc.Sequence, collections.abc.MutableSequence):
            item = self.decoder(args[0] if args else Any)

            def sequence(data: Any) -> Any:
                if isinstance(data, dict):
                    return tuple([item(v) for v in data["$tuple"]])
                return [item(v) for v in data]

            return sequence
        if origin in (set, frozenset, collections.abc.Set, collections.abc.MutableSet):
            item = self.decoder(args[0] if args else Any)
            build: Callable[[Any], Any] = (
                set if origin in (set, collections.abc.MutableSet) else (frozenset)
            )
            return lambda data: build(item(v) for v in data)
        if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
            key_hint, value_hint = args if args else (Any, Any)
            val = self.decoder(value_hint)
            if key_hint is str:
                return lambda data: {k: val(v) for k, v in data.items()}
            key = self.decoder(key_hint)
            return lambda data: {key(k): val(v) for k, v in data}
        if isinstance(origin, type) and attrs.has(origin):
            decode_fields = self._attrs_decoder(origin, frozenset())
            return lambda data: decode_fields(data)
        return self._dynamic_decode

    def _attrs_decoder(self, cls: type, skip: frozenset[str]) -> Callable[..., Any]:
        hints = self.hints(cls)
        plan: list[tuple[str, str, Decoder | None]] = []
        for field in attrs.fields(cls):
            if not field.init or field.name in skip:
                continue
            dec = self.decoder(hints[field.name])
            alias = field.alias or field.name.lstrip("_")
            plan.append((field.name, alias, None if dec is _identity else dec))
        frozen = tuple(plan)

        def decode_attrs(data: dict[str, Any], **extra: Any) -> Any:
            subclass = data.get("$type")
            if subclass is not None:
                actual = resolve_class(subclass)
                if not (isinstance(actual, type) and issubclass(actual, cls)):
                    raise CodecError(f"{subclass} is not a {cls.__qualname__}")
                return self._attrs_decoder(actual, skip)(
                    {k: v for k, v in data.items() if k != "$type"}, **extra
                )
            kwargs = extra
            for name, alias, dec in frozen:
                if name in data:
                    item = data[name]
                    kwargs[alias] = item if dec is None or item is None else dec(item)
            return cls(**kwargs)

        return decode_attrs

    def _dynamic_decode(self, data: Any) -> Any:
        if data is None or type(data) in (str, int, bool, float):
            return data
        if isinstance(data, list):
            return [self._dynamic_decode(v) for v in data]
        if not isinstance(data, dict) or len(data) > 2:
            raise CodecError(f"not a value this codec wrote: {data!r}")
        tag = next(iter(data))
        value = data[tag]
        if tag == "$money":
            return _dec_money(value)
        if tag == "$decimal":
            return Decimal(value)
        if tag == "$datetime":
            return _dec_pendulum(value)
        if tag == "$pydatetime":
            return _dec_datetime(value)
        if tag == "$date":
            return dt.date.fromisoformat(value)
        if tag == "$timedelta":
            return _dec_timedelta(value)
        if tag == "$bytes":
            return _dec_bytes(value)
        if tag == "$enum":
            enum_cls = resolve_class(value)
            if not (isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum)):
                raise CodecError(f"{value} is not an Enum")
            return enum_cls(data["value"])
        if tag == "$attrs":
            record_cls = resolve_class(value)
            if not (isinstance(record_cls, type) and attrs.has(record_cls)):
                raise CodecError(f"{value} is not an attrs class")
            return self.decode(data["value"], record_cls)
        if tag == "$tuple":
            return tuple(self._dynamic_decode(v) for v in value)
        if tag == "$set":
            return {self._dynamic_decode(v) for v in value}
        if tag == "$frozenset":
            return frozenset(self._dynamic_decode(v) for v in value)
        if tag == "$map":
            return {self._dynamic_decode(k): self._dynamic_decode(v) for k, v in value}
        raise CodecError(f"unknown tag {tag!r} in stored data")


_MISSING: Any = object()


def _unwrap(hint: Any) -> Any:
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


def _runtime_check(hint: Any) -> Callable[[Any], bool]:
    hint = _unwrap(hint)
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


def _enc_enum(value: enum.Enum) -> Any:
    return value.value


def canonical(data: Any) -> str:
    """Deterministic JSON text of encoded data (sorted keys): for hashing and set ordering."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


codec = Codec()
"""The process-wide codec (its caches are shared by every adapter)."""


def encode(value: Any, hint: Any = None) -> Any:
    return codec.encode(value, hint)


def decode(data: Any, hint: Any) -> Any:
    return codec.decode(data, hint)


def dumps(value: Any, hint: Any = None) -> str:
    return codec.dumps(value, hint)


def loads(text: str | bytes, hint: Any) -> Any:
    return codec.loads(text, hint)
