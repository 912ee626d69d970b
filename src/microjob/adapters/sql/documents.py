"""How the SQL adapter writes domain objects into rows: compact JSON text from the codec.

Users, orders, policies and records are stored as JSON documents (an order without its policy,
which is stored once per content hash); indexed record fields are stored as lookup text.
"""

from __future__ import annotations

import hashlib
from typing import Any

from microjob.adapters.codec import canonical, codec
from microjob.adapters.codec_forms import compact_json
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.users import User

_INDEX_VALUE_MAX = 190

_ORDER_SKIP = frozenset({"policy"})
_encode_order = codec.fields_encoder(Order, _ORDER_SKIP)
_decode_order = codec.fields_decoder(Order, _ORDER_SKIP)
_encode_user = codec.encoder(User)
_decode_user = codec.decoder(User)
_encode_policy = codec.encoder(MarketplacePolicy)
_decode_policy_fields = codec.decoder(MarketplacePolicy)


def _decode_policy(data: dict[str, Any]) -> MarketplacePolicy:
    """A stored policy. One stored before ``business_days`` became two fields counted both its
    timers and its clearance in business days: read as that, not dropped as an unknown key
    (its orders would run on calendar days, late days early and cleared a week early)."""
    if "business_days" in data:
        data = dict(data)
        legacy = data.pop("business_days")
        data.setdefault("timers_in_business_days", legacy)
        data.setdefault("clearance_in_business_days", legacy)
    policy: MarketplacePolicy = _decode_policy_fields(data)
    return policy


_json = compact_json
"""A document's stored text (``json.dumps`` compact, non-ASCII kept)."""


def _index_value(value: object) -> str:
    """The text an indexed field's value is looked up by (long values by their hash)."""
    # text is its own self-describing form: the codec's walk would hand it back unchanged
    text = canonical(value if type(value) is str else codec.encode(value, Any))
    if len(text) > _INDEX_VALUE_MAX:
        return "#" + hashlib.sha256(text.encode()).hexdigest()
    return text
