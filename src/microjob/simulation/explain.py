"""``microjob simulate --explain``: every behavioural assumption, its value, unit and source.

The values are the scenario's own (so a custom file explains itself); the sources are what
the defaults rest on. Where no published estimate fits a service marketplace the entry says
it is an assumption, and the operator should put their own figure in the scenario.
"""

from __future__ import annotations

import attrs

from microjob.simulation.parts import Scenario

__all__ = ["SOURCES", "Assumption", "assumptions", "explain"]

SOURCES = {
    "rochet-tirole": "Rochet, J.-C. and Tirole, J. (2003), 'Platform Competition in Two-Sided "
    "Markets', Journal of the European Economic Association 1(4): both sides respond, and the "
    "split of fees between them matters, not only their sum.",
    "cohen-uber": "Cohen, P., Hahn, R., Hall, J., Levitt, S. and Metcalfe, R. (2016), 'Using Big "
    "Data to Estimate Consumer Surplus: The Case of Uber', NBER Working Paper 22627: price "
    "elasticities of demand around 0.4 to 0.6 (ride-hailing, short run).",
    "weyl-fabinger": "Weyl, E. G. and Fabinger, M. (2013), 'Pass-Through as an Economic Tool: "
    "Principles of Incidence under Imperfect Competition', Journal of Political Economy 121(3): "
    "how much of a cost sellers pass into prices depends on competition and demand curvature; "
    "partial pass-through is the usual case.",
    "hall-horton-knoepfle": "Hall, J. V., Horton, J. J. and Knoepfle, D. T., 'Pricing in "
    "Designed Markets: The Case of Ride-Sharing' (working paper): driver supply adjusts to a "
    "change in what drivers earn until hourly earnings return to where they were.",
    "gu-zhu": "Gu, G. and Zhu, F. (2021), 'Trust and Disintermediation: Evidence from an Online "
    "Freelance Marketplace', Management Science 67(2): more trust between a buyer and a seller "
    "raises the chance they leave the platform together.",
    "edelman-hu": "Edelman, B. and Hu, P. (2016), 'Disintermediation in Two-Sided "
    "Marketplaces', Harvard Business School technical note: why and how buyers and sellers "
    "who met on a platform go around it, and what platforms do about it.",
    "delivery-commission": "A delivery platform that introduced driver commissions saw "
    "off-platform leakage rise by about four percentage points, roughly doubling it (finding "
    "as summarised in the project's brief; the study's exact reference is not reproduced here).",
    "messaging-block": "Blocking an unmonitored messaging channel cut disintermediation on a "
    "large freelance marketplace, most for communication-heavy jobs (finding as summarised in "
    "the project's brief).",
    "assumption": "An assumption of this simulator, not a published estimate: set your own.",
}


@attrs.frozen
class Assumption:
    key: str
    value: str
    unit: str
    meaning: str
    sources: tuple[str, ...]


def assumptions(scenario: Scenario) -> list[Assumption]:
    r = scenario.response
    k = scenario.leakage
    return [
        Assumption(
            "response.buyer_elasticity",
            f"{r.buyer_elasticity:g}",
            "% fewer orders per 1 % more on the buyer's total",
            "buyers order with probability (total / fee-free price) ** -elasticity; "
            "orders_per_day is the demand at fee-free prices",
            ("cohen-uber", "rochet-tirole"),
        ),
        Assumption(
            "response.seller_elasticity",
            f"{r.seller_elasticity:g}",
            "% change in active sellers per 1 % change in their net share",
            "active sellers = sellers * (net share / (1 - outside_take)) ** elasticity; high "
            "because sellers list on several platforms and move where they keep more",
            ("hall-horton-knoepfle", "rochet-tirole", "assumption"),
        ),
        Assumption(
            "response.cross_side",
            f"{r.cross_side:g}",
            "% fewer orders per 1 % fewer sellers",
            "buyers follow sellers (their clientele, their listings): orders scale as "
            "(active / incumbents) ** cross_side when sellers leave",
            ("rochet-tirole", "assumption"),
        ),
        Assumption(
            "response.pass_through",
            str(r.pass_through),
            "share of the commission (0..1)",
            "sellers add this share of the commission to their listed price",
            ("weyl-fabinger", "assumption"),
        ),
        Assumption(
            "response.entry",
            f"{r.entry:g}",
            "share of incumbents (cap)",
            "when the net share beats the outside option new sellers join, at most this many "
            "more; entrants do not raise demand above the scenario's arrivals",
            ("assumption",),
        ),
        Assumption(
            "response.outside_take",
            str(r.outside_take),
            "share of a price (0..1)",
            "what sellers give up elsewhere (another platform's fee, their own marketing): "
            "their net share is compared with 1 - outside_take",
            ("assumption",),
        ),
        Assumption(
            "response.repeat",
            f"{r.repeat:g}",
            "probability",
            "a returning buyer goes back to the seller they used last (repeat pairs are the "
            "ones that can leak)",
            ("gu-zhu", "assumption"),
        ),
        Assumption(
            "leakage.base",
            f"{k.base:g}",
            "probability per repeat order",
            "a pair that has worked together tries to take this order off the platform even "
            "with no fee to save",
            ("edelman-hu", "delivery-commission"),
        ),
        Assumption(
            "leakage.per_fee",
            f"{k.per_fee:g}",
            "probability per unit of fee share",
            "added per unit of the share of the buyer's total the platform keeps (what the "
            "pair saves by leaving): at a 15 % fee share, +0.075",
            ("delivery-commission", "edelman-hu"),
        ),
        Assumption(
            "leakage.per_repeat",
            f"{k.per_repeat:g}",
            "probability per earlier order together",
            "trust grows with every order the pair completed (up to repeat_cap orders)",
            ("gu-zhu",),
        ),
        Assumption(
            "leakage.repeat_cap",
            str(k.repeat_cap),
            "orders",
            "earlier orders beyond this add no more trust",
            ("assumption",),
        ),
        Assumption(
            "leakage.other_channels",
            f"{k.other_channels:g}",
            "share of attempts",
            "attempts made where no filter looks (a call, a card in the delivered files): "
            "they always succeed; the rest are chat messages the engine's filter judges",
            ("messaging-block", "assumption"),
        ),
        Assumption(
            "leakage.seller_opens",
            f"{k.seller_opens:g}",
            "probability",
            "the seller, not the buyer, sends the message",
            ("assumption",),
        ),
        Assumption(
            "leakage.chat",
            f"{k.chat:g}",
            "probability per order",
            "one side also sends an ordinary message (the filter's false positives show "
            "as 'ordinary messages flagged')",
            ("assumption",),
        ),
        Assumption(
            "leakage.corpus",
            k.corpus,
            "file",
            "the leak attempts and ordinary messages sent through the real chat (shipped: "
            "English, Russian, German, Spanish, French, Hungarian; plain and disguised)",
            ("assumption",),
        ),
        Assumption(
            "fee_models[].contact_filter",
            ", ".join(f"{m.name}: {m.policy.contact_filter.value}" for m in scenario.fee_models),
            "allow | mask | block | hold",
            "what the engine's chat does with a flagged message; the simulated moderator "
            "rejects every held one; 'allow' is the filter off",
            ("messaging-block",),
        ),
    ]


def explain(scenario: Scenario) -> str:
    """Every assumption, one block each, then the sources they cite."""
    lines = [
        f"Assumptions of scenario {scenario.name!r} ({scenario.source}); set any of them in the "
        "scenario file.",
        "",
    ]
    used: list[str] = []
    for item in assumptions(scenario):
        lines.append(f"{item.key} = {item.value}    [{item.unit}]")
        lines.append(f"    {item.meaning}")
        lines.append(f"    sources: {', '.join(item.sources)}")
        used += [s for s in item.sources if s not in used]
    lines += ["", "Sources:"]
    lines += [f"  [{key}] {SOURCES[key]}" for key in used]
    return "\n".join(lines)
