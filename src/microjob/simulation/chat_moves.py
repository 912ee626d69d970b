"""The chat moves of a run: repeat pairs trying to leave, and ordinary talk, through the engine.

Every message goes through `send_message` under the fee model's
policy, so the engine's contact scanner and ``contact_filter`` decide what happens: delivered
as typed, delivered masked, held for the moderator, or blocked (a strike either way). The run
only reads the outcome: an attempt *gets through* when it reached the other side with its
contact details intact. A held message is read by the simulated moderator, who turns down
attempts to share contact details and lets ordinary messages through.
"""

from __future__ import annotations

from decimal import Decimal

from microjob.chat import ContactDetailsBlocked, MessageStatus
from microjob.marketplace import Marketplace
from microjob.simulation.corpus import Corpus
from microjob.simulation.demand import Arrival
from microjob.simulation.parts import Leakage

__all__ = ["ADMIN", "ChatMoves"]

ADMIN = "admin"
"""The id of the simulated operator who rules on disputes and moderates the chat."""


class ChatMoves:
    """Mixed into the run: the state it reads is the run's own."""

    market: Marketplace
    leakage: Leakage
    corpus: Corpus | None
    count: dict[str, list[int]]
    together: dict[tuple[int, int], int]
    leaked: set[tuple[int, int]]
    conversations: dict[tuple[int, int], str]

    def _day(self) -> int:
        raise NotImplementedError

    def _conversation(self, pair: tuple[int, int]) -> str:
        known = self.conversations.get(pair)
        if known is None:
            buyer, seller = pair
            known = self.market.chat.start(actor=f"b{buyer}", other=f"s{seller}").id
            self.conversations[pair] = known
        return known

    def _send(self, pair: tuple[int, int], a: Arrival, text: str, ordinary: bool = False) -> bool:
        """Send ``text`` through the engine's chat; True when it reached the other side with
        its contact details intact (the filter let it through or did not see them)."""
        buyer, seller = pair
        sender = f"s{seller}" if a.u_leak_who < self.leakage.seller_opens else f"b{buyer}"
        try:
            message = self.market.chat.send(self._conversation(pair), actor=sender, text=text)
        except ContactDetailsBlocked:
            self.count["ordinary_flagged"][self._day()] += ordinary
            return False
        if message.flags and ordinary:
            self.count["ordinary_flagged"][self._day()] += 1
        if message.status == MessageStatus.HELD:
            # The operator's moderator reads what the filter held: an attempt to share contact
            # details is turned down (a strike), an ordinary message is let through.
            if ordinary:
                self.market.chat.approve(message.id, actor=ADMIN)
            else:
                self.market.chat.reject(
                    message.id, actor=ADMIN, reason="contact details are not allowed"
                )
            return False
        # Delivered as typed: nothing was masked, so the contact details reached the other side.
        return message.status == MessageStatus.DELIVERED and message.text == text

    def _leaks(self, pair: tuple[int, int], a: Arrival, fee_share: Decimal) -> bool:
        """A pair with orders behind it may try to take this one off the platform."""
        leakage = self.leakage
        done = self.together.get(pair, 0)
        if not done or self.corpus is None:
            return False
        chance = (
            leakage.base
            + leakage.per_fee * float(fee_share)
            + leakage.per_repeat * min(done, leakage.repeat_cap)
        )
        if a.u_leak >= chance:
            return False
        day = self._day()
        self.count["leak_attempts"][day] += 1
        # u_leak < chance: where in [0, chance) it fell is a fresh uniform draw for the channel
        elsewhere = a.u_leak < chance * leakage.other_channels
        if elsewhere or self._send(pair, a, self.corpus.leak(a.u_leak_text)):
            self.leaked.add(pair)
            return True
        self.count["leaks_caught"][day] += 1
        return False
