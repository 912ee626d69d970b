"""One generic codec: frozen attrs records to JSON-able values and back, exactly.

Storage adapters keep aggregates (orders, disputes, reviews, payouts, chat messages, ...) as
JSON documents. Rather than a serializer per class, the codec reads each attrs class's fields
and their resolved type hints once, builds an encoder and a decoder for it, and caches them, so
a record type added tomorrow is stored without touching the adapter.

Why cattrs: walking an attrs class's fields, generating one flat function per class, and
turning ``tuple[X, ...]``, ``list[X]`` and ``Mapping[str, V]`` into arrays and objects is what
`cattrs <https://catt.rs>`_ does, measured as fast as the walker this module used to carry
(``benchmarks/bench_codec.py``). A `cattrs.Converter` does that work here.

What is still microjob's own is the *document format*, which rows already stored depend on to
the byte (``tests/test_codec.py`` pins it against the previous implementation). cattrs has no
form, or a different one, for each of these, so the codec hands cattrs its own hook and asks
for it before any cattrs default, at every depth (`_Converter`):

=====================================  =============================================
``str`` ``int`` ``bool`` ``float``     as themselves
``Decimal``                            its exact text (``"0.10"``, ``"1E+2"``)
``Money``                              ``"12.30 USD"`` (amount text, space, ISO code)
``DateTime`` / ``datetime``            ISO 8601 with the offset, plus ``[Zone/Name]`` for a
                                       named non-UTC zone (so DST rules survive)
``date`` / ``timedelta``               ISO date / ``[days, seconds, microseconds]``
``bytes``                              base64 text
an ``Enum``                            its value
an attrs class                         an object of its fields in declaration order; fields
                                       equal to a plain default (``None``, ``False``, ``0``,
                                       ``""``, ``()``) of the same type are left out, unknown
                                       keys are ignored on the way back, so records can grow
                                       fields over time
``tuple[X, ...]`` ``list``             arrays (cattrs)
``set`` / ``frozenset``                arrays ordered by each item's canonical JSON text
``Sequence[X]``                        an array, or ``{"$tuple": [...]}`` for a tuple value
``Mapping[str, V]`` / other keys       an object (cattrs) / an array of ``[key, value]`` pairs
``X | None``                           ``null`` or X
``X | Y``                              ``[member index, value]``
``Any`` / ``object`` / unknown         a self-describing form (``{"$money": ...}``)
=====================================  =============================================

A value of a subclass where the hint names its base is written with ``"$type"`` (the class's
``module:qualname``) and read back as that subclass. An attrs field holding ``None`` is written
as ``null`` and read back as ``None`` whatever its hint says. An order is stored without its
policy (`Codec.fields_encoder` / `Codec.fields_decoder`): the caller keeps the policy once, by
its hash, and hands it back when reading.

cattrs' own ``omit_if_default`` is not used: it moves the fields it may leave out to the *end*
of the object and compares with ``!=`` (``0.0`` would match a default of ``0``, ``set()`` one
of ``frozenset()``), and either would change stored text. So a record's *encoder* is the one
thing the codec generates itself (`Codec._attrs_encoder`, flat code per class as cattrs would
write it): it leaves each plain default out where it stands, in the same pass, and writes text,
numbers, ``None`` and ``Money`` without a call per field, since every save of an aggregate
encodes all of it. cattrs still builds the collections' encoders and every decoder. Every
round trip is exact: the decoded value equals the original, amounts keep their exponent and
times their instant and zone.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import json
import threading
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pendulum
from cattrs.dispatch import StructureHook, UnstructureHook
from cattrs.fns import identity
from cattrs.gen import (
    make_dict_structure_fn_from_attrs,
    override,
)
from moneyed import Money

from microjob.adapters.codec_forms import (
    CodecError,
    Decoder,
    Encoder,
    canonical,
    class_path,
    compact_json,
    enc_money,
    leaf_decoder,
    leaf_encoder,
    resolve_class,
    runtime_check,
    tagged_decode,
    tagged_encode,
    unwrap,
)

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

_NoneType = type(None)
_PLAIN_DEFAULTS = (type(None), bool, int, str, tuple, frozenset)
_UNIONS = (typing.Union, types.UnionType)
_SEQUENCES = (collections.abc.Sequence, collections.abc.MutableSequence)
_SETS = (set, frozenset, collections.abc.Set, collections.abc.MutableSet)


def _frozen_marker() -> Any:
    """How attrs marks a frozen class; without it nothing is memoised (still correct)."""
    try:
        from attr import _make
    except ImportError:  # pragma: no cover - a future attrs may move it
        return None
    return getattr(_make, "_frozen_setattrs", None)


_FROZEN = _frozen_marker()


_IMMUTABLE_LEAVES = frozenset(
    {str, int, bool, float, Decimal, dt.date, dt.datetime, dt.timedelta, pendulum.DateTime, Money}
)
"""Field types whose values never change after they are made (`Money` is used as a value)."""
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)
_BARE_CONTAINERS = (tuple, list, set, frozenset, dict)


def _keep(data: Any, _: Any = None) -> Any:
    """The structure hook of values JSON already holds as they are."""
    return data


class _Converter(cattrs.Converter):
    """A cattrs converter that asks the codec first, for every hint at every depth.

    cattrs consults class registrations (``str``, ``bytes``) before predicate hooks, so hooks
    registered the ordinary way would lose to its defaults for ``bytes`` or a ``str``-based
    enum; routing both lookups through the codec keeps microjob's forms first everywhere,
    including inside the collections cattrs builds.
    """

    def __init__(self, owner: Codec) -> None:
        super().__init__(unstruct_collection_overrides={tuple: list}, detailed_validation=False)
        self._owner = owner

    def get_unstructure_hook(self, type: Any, cache_result: bool = True) -> UnstructureHook:
        return self._owner.encoder(type)

    def get_structure_hook(self, type: Any, cache_result: bool = True) -> StructureHook:
        return self._owner.structure_hook(type)

    def cattrs_unstructure_hook(self, hint: Any) -> UnstructureHook:
        return super().get_unstructure_hook(hint, cache_result=False)

    def cattrs_structure_hook(self, hint: Any) -> StructureHook:
        return super().get_structure_hook(hint, cache_result=False)


class Codec:
    """Builds (once per type) and caches the encoder and decoder of every type it meets."""

    def __init__(self) -> None:
        self._encoders: dict[Any, Encoder] = {}
        self._structures: dict[Any, StructureHook] = {}
        self._decoders: dict[Any, Decoder] = {}
        self._record_decoders: dict[tuple[type, frozenset[str]], Callable[..., Any]] = {}
        self._hints: dict[type, dict[str, Any]] = {}
        self._building: set[tuple[str, Any]] = set()
        self._none_safe: set[Any] = {identity, _keep, self._dynamic_encode, self._dynamic_hook}
        self._optional_inner: dict[Any, Encoder] = {}
        """The ``X | None`` encoders and the encoder of their ``X``."""
        self._lock = threading.RLock()
        self._conv = _Converter(self)

    # -- public API ------------------------------------------------------------------------
    def encode(self, value: Any, hint: Any = None) -> Any:
        """``value`` as JSON-able data, read as ``hint`` (default: the value's own type)."""
        return self.encoder(type(value) if hint is None else hint)(value)

    def decode(self, data: Any, hint: Any) -> Any:
        """The value ``data`` encodes, read as ``hint``."""
        return self.decoder(hint)(data)

    def dumps(self, value: Any, hint: Any = None) -> str:
        return compact_json(self.encode(value, hint))

    def loads(self, text: str | bytes, hint: Any) -> Any:
        return self.decode(json.loads(text), hint)

    def encoder(self, hint: Any) -> Encoder:
        found = self._encoders.get(hint)
        if found is None:
            found = self._cached(self._encoders, "encode", hint, self._build_encoder)
        return found

    def structure_hook(self, hint: Any) -> StructureHook:
        """The cattrs-style ``hook(data, hint)`` that reads ``hint``."""
        found = self._structures.get(hint)
        if found is None:
            found = self._cached(self._structures, "structure", hint, self._build_structure)
        return found

    def decoder(self, hint: Any) -> Decoder:
        found = self._decoders.get(hint)
        if found is None:
            hook = self.structure_hook(hint)

            def decode_hint(data: Any) -> Any:
                return hook(data, hint)

            found = self._decoders.setdefault(hint, decode_hint)
        return found

    def fields_encoder(self, cls: type, skip: frozenset[str] = frozenset()) -> Encoder:
        """An encoder for the attrs class ``cls`` that leaves the fields in ``skip`` out (the
        caller stores them elsewhere, e.g. an order's policy by its content hash)."""
        with self._lock:
            return self._attrs_encoder(cls, skip)

    def fields_decoder(self, cls: type, skip: frozenset[str] = frozenset()) -> Callable[..., Any]:
        """``decoder(data, **extra)``: the instance of ``cls`` whose fields ``skip`` come from
        ``extra`` instead of ``data``."""
        with self._lock:
            return self._record_decoder(cls, skip)

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

    # -- building and caching ---------------------------------------------------------------
    def _cached(
        self, cache: dict[Any, Any], kind: str, hint: Any, build: Callable[[Any], Any]
    ) -> Any:
        with self._lock:
            found = cache.get(hint)
            if found is not None:
                return found
            key = (kind, hint)
            if key in self._building:  # a record that contains itself: look it up when used
                return self._late(cache, hint, kind)
            self._building.add(key)
            try:
                found = build(hint)
            finally:
                self._building.discard(key)
            cache[hint] = found
            return found

    def _late(self, cache: dict[Any, Any], hint: Any, kind: str) -> Any:
        if kind == "encode":
            return lambda value: cache[hint](value)
        return lambda data, _: cache[hint](data, hint)

    # -- encoders ---------------------------------------------------------------------------------
    def _build_encoder(self, hint: Any) -> Encoder:
        bare = unwrap(hint)
        if bare is not hint:
            return self.encoder(bare)
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if hint is Any or hint is object:
            return self._dynamic_encode
        if hint is _NoneType or hint is None or origin is typing.Literal:
            return identity
        if origin in _UNIONS:
            return self._union_encoder(args)
        if origin is not None:
            if origin is tuple and (not args or args == ((),)):
                return lambda value: []
            if origin in (tuple, list):
                item = args[0] if args else Any
                if isinstance(item, type) and attrs.has(item) and self._immutable(item):
                    return self._recurring_items_encoder(item)
                return self._conv.cattrs_unstructure_hook(hint)
            if origin in _SEQUENCES:
                return self._sequence_encoder(args[0] if args else Any)
            if origin in _SETS:
                return self._set_encoder(args[0] if args else Any)
            if origin in _MAPPINGS:
                if args and args[0] is str:
                    return self._conv.cattrs_unstructure_hook(hint)
                return self._pairs_encoder(*(args or (Any, Any)))
            if isinstance(origin, type) and attrs.has(origin):
                return self.encoder(origin)  # a generic attrs class: its fields as declared
            return self._dynamic_encode
        if not isinstance(hint, type):
            return self._dynamic_encode
        if hint in (str, int, bool, float):
            return identity
        leaf = leaf_encoder(hint)
        if leaf is not None:
            return leaf
        if attrs.has(hint):
            return self._attrs_encoder(hint, frozenset())
        if hint in _BARE_CONTAINERS or issubclass(hint, Mapping):
            return self._dynamic_encode
        if issubclass(hint, (str, int, float)):
            return identity
        return self._dynamic_encode

    def _union_encoder(self, members: tuple[Any, ...]) -> Encoder:
        others = tuple(m for m in members if m is not _NoneType and m is not None)
        if len(others) == 1:
            inner = self.encoder(others[0])

            def optional(value: Any) -> Any:
                return None if value is None else inner(value)

            self._none_safe.add(optional)
            self._optional_inner[optional] = inner
            return optional
        if all(m in (str, int, float, bool) for m in others):
            return identity  # JSON keeps these apart on its own
        checks = [(runtime_check(m), self.encoder(m)) for m in others]

        def tagged(value: Any) -> Any:
            if value is None:
                return None
            for index, (check, enc) in enumerate(checks):
                if check(value):
                    return [index, enc(value)]
            raise CodecError(f"{value!r} matches none of {others}")

        self._none_safe.add(tagged)
        return tagged

    def _recurring_items_encoder(self, item_hint: type) -> Encoder:
        """A typed tuple or list of immutable records, as a plain list (as cattrs writes it).
        An aggregate's history grows by one item per save and the rest recur unchanged (an
        order's steps, a tally's days), so each item's encoding is remembered."""
        item = _memoised(self.encoder(item_hint), item_hint)
        return lambda value: list(map(item, value))

    def _sequence_encoder(self, item_hint: Any) -> Encoder:
        item = self.encoder(item_hint)

        def sequence(value: Any) -> Any:
            items = [item(v) for v in value]
            return {"$tuple": items} if isinstance(value, tuple) else items

        return sequence

    def _set_encoder(self, item_hint: Any) -> Encoder:
        item = self.encoder(item_hint)
        return lambda value: sorted((item(v) for v in value), key=canonical)

    def _pairs_encoder(self, key_hint: Any, value_hint: Any) -> Encoder:
        key, val = self.encoder(key_hint), self.encoder(value_hint)
        return lambda value: [[key(k), val(v)] for k, v in value.items()]

    def _field_parts(self, hint: Any) -> tuple[Encoder | None, bool]:
        """How a field of ``hint`` is written: ``(hook, check)``: the hook to call (``None``:
        the value as it is) and whether a ``None`` value is written as ``null`` without
        calling it. An attrs field holding ``None`` is ``null`` whatever its hint says."""
        hook = self.encoder(hint)
        if hook is identity:
            return None, False
        inner = self._optional_inner.get(hook)
        if inner is not None:  # ``X | None``: the ``None`` check is written inline
            return (None if inner is identity else inner), True
        if hook in self._none_safe:
            return hook, False
        return hook, True

    def _attrs_encoder(self, cls: type, skip: frozenset[str]) -> Encoder:
        """One flat function per class, generated (as cattrs generates its own): each field
        read once, its hook called only when it has one (text, numbers and ``None`` are
        written as they are), and a field equal to a plain default of the same type left out
        where it stands, so the object keeps the declaration order."""
        hints = self.hints(cls)
        fields = [f for f in attrs.fields(cls) if f.init and f.name not in skip]
        namespace: dict[str, Any] = {"cls": cls, "subclass": self._subclass_encode}
        lines = [
            "def encode_attrs(value):",
            "    if type(value) is not cls:",
            "        return subclass(cls, value)",
            "    out = {}",
        ]
        for number, field in enumerate(fields):
            hook, check = self._field_parts(hints[field.name])
            key = repr(field.name)
            default = field.default
            omissible = (
                default is not attrs.NOTHING
                and not isinstance(default, attrs.Factory)  # type: ignore[arg-type]
                and type(default) in _PLAIN_DEFAULTS
            )
            if hook is None:
                written = "v"
            elif hook is enc_money:  # the commonest leaf, written inline: a call less
                written = 'f"{v.amount} {v.currency.code}"'
            else:
                namespace[f"h{number}"] = hook
                written = f"h{number}(v)"
            if hook is not None and check and not (omissible and default is None):
                written = f"None if v is None else {written}"
            lines.append(f"    v = value.{field.name}")
            if not omissible:
                lines.append(f"    out[{key}] = {written}")
                continue
            if default is None:
                lines.append("    if v is not None:")
            else:
                namespace[f"t{number}"], namespace[f"d{number}"] = type(default), default
                lines.append(f"    if type(v) is not t{number} or not v == d{number}:")
            lines.append(f"        out[{key}] = {written}")
        lines.append("    return out")
        exec("\n".join(lines), namespace)  # the source is built above from field names
        encode_attrs: Encoder = namespace["encode_attrs"]
        return encode_attrs

    def _immutable(self, cls: type) -> bool:
        """A frozen attrs class whose fields are all immutable leaves (text, numbers, times,
        money, enums): its encoding depends on the object alone, so it can be memoised."""
        if _FROZEN is None or getattr(cls, "__setattr__", None) is not _FROZEN:
            return False
        for hint in self.hints(cls).values():
            options = typing.get_args(hint) if typing.get_origin(hint) in _UNIONS else (hint,)
            for option in options:
                if option is _NoneType or option in _IMMUTABLE_LEAVES:
                    continue
                if isinstance(option, type) and issubclass(option, enum.Enum):
                    continue
                return False
        return True

    def _subclass_encode(self, declared: type, value: Any) -> Any:
        actual = type(value)
        if not attrs.has(actual) or not isinstance(value, declared):
            raise CodecError(f"expected a {declared.__qualname__}, got {actual.__qualname__}")
        data = dict(self.encoder(actual)(value))
        data["$type"] = class_path(actual)
        return data

    def _dynamic_encode(self, value: Any) -> Any:
        """A self-describing form for values whose type the hints do not say."""
        return tagged_encode(value, self.encode)

    # -- decoders ---------------------------------------------------------------------------------
    def _build_structure(self, hint: Any) -> StructureHook:
        bare = unwrap(hint)
        if bare is not hint:
            inner = self.decoder(bare)
            return lambda data, _: inner(data)
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if hint is Any or hint is object:
            return self._dynamic_hook
        if hint is _NoneType or hint is None or origin is typing.Literal:
            return _keep
        if origin in _UNIONS:
            return self._union_structure(args)
        if origin is not None:
            if origin is tuple and (not args or args == ((),)):
                return lambda data, _: ()
            if origin in (tuple, list):
                return self._conv.cattrs_structure_hook(hint)
            if origin in _SEQUENCES:
                return self._sequence_structure(args[0] if args else Any)
            if origin in _SETS:
                build = set if origin in (set, collections.abc.MutableSet) else frozenset
                return self._set_structure(args[0] if args else Any, build)
            if origin in _MAPPINGS:
                if args and args[0] is str:
                    return self._conv.cattrs_structure_hook(hint)
                return self._pairs_structure(*(args or (Any, Any)))
            if isinstance(origin, type) and attrs.has(origin):
                return self.structure_hook(origin)
            return self._dynamic_hook
        if not isinstance(hint, type):
            return self._dynamic_hook
        if hint in (str, int, bool):
            return _keep
        if hint is float:
            return lambda data, _: float(data)
        leaf = leaf_decoder(hint)
        if leaf is not None:
            return lambda data, _: leaf(data)
        if attrs.has(hint):
            return self._record_decoder(hint, frozenset())
        if hint in _BARE_CONTAINERS or issubclass(hint, Mapping):
            return self._dynamic_hook
        if issubclass(hint, (str, int, float)):
            return lambda data, _: hint(data)
        return self._dynamic_hook

    def _union_structure(self, members: tuple[Any, ...]) -> StructureHook:
        others = tuple(m for m in members if m is not _NoneType and m is not None)
        if len(others) == 1:
            inner = self.structure_hook(others[0])
            hint = others[0]

            def optional(data: Any, _: Any) -> Any:
                return None if data is None else inner(data, hint)

            self._none_safe.add(optional)
            return optional
        if all(m in (str, int, float, bool) for m in others):
            return _keep
        decoders = [self.decoder(m) for m in others]

        def tagged(data: Any, _: Any) -> Any:
            if data is None:
                return None
            index, inner_data = data
            return decoders[index](inner_data)

        self._none_safe.add(tagged)
        return tagged

    def _sequence_structure(self, item_hint: Any) -> StructureHook:
        item = self.decoder(item_hint)

        def sequence(data: Any, _: Any) -> Any:
            if isinstance(data, dict):
                return tuple([item(v) for v in data["$tuple"]])
            return [item(v) for v in data]

        return sequence

    def _set_structure(self, item_hint: Any, build: Callable[[Any], Any]) -> StructureHook:
        item = self.decoder(item_hint)
        return lambda data, _: build(item(v) for v in data)

    def _pairs_structure(self, key_hint: Any, value_hint: Any) -> StructureHook:
        key, val = self.decoder(key_hint), self.decoder(value_hint)
        return lambda data, _: {key(k): val(v) for k, v in data}

    def _field_structure(self, hint: Any) -> StructureHook:
        hook = self.structure_hook(hint)
        if hook in self._none_safe:
            return hook

        def field(data: Any, hint: Any) -> Any:
            return None if data is None else hook(data, hint)

        return field

    def _record_decoder(self, cls: type, skip: frozenset[str]) -> Callable[..., Any]:
        found = self._record_decoders.get((cls, skip))
        if found is None:
            found = self._attrs_decoder(cls, skip)
            self._record_decoders[(cls, skip)] = found
        return found

    def _attrs_decoder(self, cls: type, skip: frozenset[str]) -> Callable[..., Any]:
        hints = self.hints(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        hooks: Any = {
            f.name: override(
                struct_hook=_keep if f.name in skip else self._field_structure(hints[f.name])
            )
            for f in fields
        }
        walk: Callable[[Any], Any] = make_dict_structure_fn_from_attrs(
            [f.evolve(type=hints[f.name]) for f in fields],
            cls,
            self._conv,
            _cattrs_forbid_extra_keys=False,
            _cattrs_use_linecache=False,
            _cattrs_detailed_validation=False,
            **hooks,
        )

        def decode_attrs(data: dict[str, Any], _hint: Any = None, /, **extra: Any) -> Any:
            subclass = data.get("$type")
            if subclass is not None:
                actual = resolve_class(subclass)
                if not (isinstance(actual, type) and issubclass(actual, cls)):
                    raise CodecError(f"{subclass} is not a {cls.__qualname__}")
                with self._lock:
                    record = self._record_decoder(actual, skip)
                return record({k: v for k, v in data.items() if k != "$type"}, **extra)
            if extra:
                data = {**data, **extra}
            return walk(data)

        return decode_attrs

    def _dynamic_hook(self, data: Any, _: Any) -> Any:
        return self._dynamic_decode(data)

    def _dynamic_decode(self, data: Any) -> Any:
        return tagged_decode(data, self.decode)


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


_MEMO_LIMIT = 16_384


def _memoised(encode: Encoder, cls: type) -> Encoder:
    """``encode`` remembered per object, for immutable values that recur unchanged in every
    save of the aggregate holding them (an order's history steps, a tally's day counts): an
    order saved six times in its life encoded its first step six times.

    Keyed by identity, and the entry keeps its object alive, so an id is never reused while
    its entry exists; bounded by dropping the whole table when full. Only objects of exactly
    ``cls`` are remembered (a subclass may add a mutable field). Each call returns a copy: the
    fields of such a record are all scalars once encoded, so a one-level copy is a whole one,
    and a caller that edits what it got changes nothing remembered.
    """
    memo: dict[int, tuple[Any, Any]] = {}

    def encode_memoised(value: Any) -> Any:
        if type(value) is not cls:  # a subclass may add mutable fields: never remembered
            return encode(value)
        held = memo.get(id(value))
        if held is not None and held[0] is value:
            return dict(held[1])
        out = encode(value)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[id(value)] = (value, out)
        return dict(out)

    return encode_memoised
