"""Both sides respond, deals leak through the real chat, and the report gives a verdict.

Leakage tests never depend on how well the contact scanner reads a particular message (it is
being improved): they compare the filter on with the filter off, or send only plain e-mail
addresses that any contact filter must catch.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.cli import main
from microjob.simulation import (
    Scenario,
    draw_demand,
    estimate,
    explain,
    load_scenario,
    paired,
    parse_scenario,
    peak,
    result_json,
    run_once,
    simulate,
    verdict,
    write_report,
)

QUICK_TOML = tomllib.loads(
    (resources.files("microjob.simulation") / "scenarios" / "quick.toml").read_text("utf-8")
)
PLAIN = """
[[leak]]
text = "write to me at jane.doe@example.com and we skip the fee"
[[leak]]
text = "my address: bob.smith@example.net, pay me there next time"
[[ordinary]]
text = "thanks, the work looks great"
"""


def scenario(changes: dict[str, Any], **top: Any) -> Scenario:
    data = copy.deepcopy(QUICK_TOML)
    for section, values in changes.items():
        if isinstance(values, dict):
            data.setdefault(section, {}).update(values)
        else:
            data[section] = values
    data.update(top)
    return parse_scenario(data, "test.toml")


def filter_models(*filters: str) -> list[dict[str, Any]]:
    return [{"name": f"filter {f}", "preset": "fiverr_like", "contact_filter": f} for f in filters]


# Many repeat pairs that try often: a strong leak signal in a short run.
LEAKY = {
    "market": {"buyers": 30, "sellers": 8},
    "response": {"repeat": 0.9},
    "leakage": {"base": 0.3, "per_fee": 0.5, "other_channels": 0.0},
}


# -- leakage through the real chat ---------------------------------------------------------------
def test_turning_the_filter_off_raises_leakage_and_lowers_revenue_to_the_cent() -> None:
    sc = scenario({**LEAKY, "fee_models": filter_models("mask", "allow")}, days=14, runs=2)
    on, off = simulate(sc).models
    for seed_on, seed_off in zip(on.runs, off.runs, strict=True):
        assert seed_off.totals["orders_leaked"] > seed_on.totals["orders_leaked"]
        assert seed_off.totals["leakage"] > seed_on.totals["leakage"]
        assert seed_off.totals["revenue"] < seed_on.totals["revenue"]
        assert seed_off.totals["leaks_caught"] == 0  # nothing is stopped when the filter is off
    # and each run's revenue is what the engine's platform accounts hold, to the cent
    for model in sc.fee_models:
        markets: list[Any] = []
        run = run_once(sc, model, draw_demand(sc, 1), keep=markets)
        held = sum(
            (m.amount for m in markets[0].admin.revenue("USD", viewer=BACK_OFFICE).values()),
            Decimal(0),
        )
        assert run.totals["revenue"] == held
        assert run.totals["revenue"] == run.totals["revenue"].quantize(Decimal("0.01"))


@pytest.mark.parametrize("policy", ["mask", "block", "hold"])
def test_plain_addresses_never_get_past_a_filter_that_is_on(tmp_path: Path, policy: str) -> None:
    corpus = tmp_path / "plain.toml"
    corpus.write_text(PLAIN)
    sc = scenario(
        {
            **LEAKY,
            "leakage": {**LEAKY["leakage"], "corpus": str(corpus)},
            "fee_models": filter_models(policy, "allow"),
        },
        days=10,
        runs=1,
    )
    on, off = simulate(sc).models
    attempts = on.total("leak_attempts").mean
    assert attempts > 0
    assert on.total("leaks_caught").mean == attempts
    assert on.total("orders_leaked").mean == 0
    assert off.total("leaks_caught").mean == 0
    assert off.total("orders_leaked").mean > 0


def test_the_filter_judges_the_attempts_through_the_engine_s_chat() -> None:
    sc = scenario({**LEAKY, "fee_models": filter_models("block")}, days=8, runs=1)
    markets: list[Any] = []
    run = run_once(sc, sc.fee_models[0], draw_demand(sc, 1), keep=markets)
    caught = int(run.totals["leaks_caught"])
    assert caught > 0
    sellers = int(run.totals["active_sellers"])
    strikes = sum(
        markets[0].chat.contact_strikes(f"s{n}", viewer=BACK_OFFICE) for n in range(sellers)
    )
    strikes += sum(markets[0].chat.contact_strikes(f"b{n}", viewer=BACK_OFFICE) for n in range(30))
    assert strikes >= caught  # every blocked attempt is a strike the engine counted


# -- both sides respond --------------------------------------------------------------------------
def test_sellers_leave_as_the_commission_rises_and_join_when_it_falls() -> None:
    sc = scenario({"leakage": {"enabled": False}}, days=4, runs=1)
    result = simulate(sc, sweep="commission_rate=0:0.6:0.2")
    active = [p.result.total("active_sellers").mean for p in result.points]
    assert active == sorted(active, reverse=True)
    assert active[0] > sc.demand.sellers > active[-1]
    arrived = {p.result.total("orders_arrived").mean for p in result.points}
    assert len(arrived) == 1  # the same buyers arrive; fewer of them buy
    placed = [p.result.total("orders_placed").mean for p in result.points]
    assert placed[-1] < placed[0]


def test_a_commission_sweep_to_60_percent_peaks_inside_the_range() -> None:
    sc = load_scenario("webpark")
    result = simulate(sc, runs=3, sweep="commission_rate=0.05:0.60:0.05", jobs=2)
    top = peak(result)
    assert top is not None
    assert not top.at_edge
    assert Decimal("0.05") < Decimal(top.value) < Decimal("0.60")
    assert Decimal(top.low) <= Decimal(top.value) <= Decimal(top.high)
    revenue = [p.result.total("revenue").mean for p in result.points]
    assert max(revenue) == top.revenue.mean
    assert revenue[-1] < top.revenue.mean
    assert revenue[0] < top.revenue.mean
    gmv = [p.result.total("gmv").mean for p in result.points]
    assert gmv[-1] < gmv[0]  # GMV falls as the commission drives sellers and buyers away
    assert "peaks at commission_rate" in top.sentence


# -- the verdict -----------------------------------------------------------------------------
def test_the_verdict_pairs_the_runs_seed_by_seed() -> None:
    result = simulate(scenario({}, days=5, runs=3))
    judged = verdict(result)
    first, second = sorted(result.models, key=lambda m: m.total("revenue").mean, reverse=True)
    assert judged.best == first.name
    diffs = [a - b for a, b in zip(first.values("revenue"), second.values("revenue"), strict=True)]
    assert paired(first, second) == estimate(diffs)
    assert judged.comparisons[0].difference == estimate(diffs)
    assert judged.sentence.startswith(f"{first.name!r} earns the most")
    noise = "beyond the noise" if judged.comparisons[0].beyond_noise else "within the noise"
    assert noise in judged.sentence


# -- the report ------------------------------------------------------------------------------
def test_report_amounts_sit_at_the_currency_s_places_and_every_fee_is_shown(
    tmp_path: Path,
) -> None:
    result = simulate(scenario({}, days=4, runs=3), sweep="commission_rate=0.1:0.2:0.1")
    write_report(result, tmp_path, plots=False)
    money = re.compile(r"^-?\d+\.\d{2}$")
    with (tmp_path / "summary.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key in ("mean", "low", "high"):
            assert "E" not in row[key]
            if row["metric"] in ("revenue", "gmv", "commission", "escrow_float"):
                assert money.match(row[key]), row
    for name in ("daily.csv", "sweep.csv", "summary.json", "daily.json"):
        text = (tmp_path / name).read_text()
        assert "E-" not in text, name
        assert not re.search(r"\d\.\d{7,}", text), name
    data = json.loads((tmp_path / "summary.json").read_text())
    fiverr = data["fee_models"][0]["fees"]
    assert fiverr["small-order fee (buyer)"] != "—"  # the preset charges it below a threshold
    assert fiverr["buyer fee"] != "—"
    assert data["verdict"]["sentence"]
    assert "peak" in data["sweep"]
    page = (tmp_path / "report.html").read_text()
    assert "small-order fee" in page
    assert "Take rate = platform revenue / GMV" in page


def test_json_goes_to_stdout_and_progress_never_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "simulate",
            "quick",
            "--days",
            "2",
            "--runs",
            "2",
            "--no-plots",
            "--json",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data == result_json_from(tmp_path)
    assert "verdict" in data
    assert data["currency"] == "USD"


def result_json_from(folder: Path) -> Any:
    return json.loads((folder / "summary.json").read_text())


def test_explain_lists_every_assumption_with_its_unit_and_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "webpark", "--explain"]) == 0
    out = capsys.readouterr().out
    for key in ("response.buyer_elasticity", "response.seller_elasticity", "leakage.per_fee"):
        assert key in out
    assert "Gu, G. and Zhu, F. (2021)" in out
    assert "Rochet, J.-C. and Tirole" in out
    assert out == explain(load_scenario("webpark")) + "\n"


def test_a_bad_sweep_is_refused_before_any_run(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", "quick", "--sweep", "commission_rate=0:2:0.5", "--no-plots"])
    captured = capsys.readouterr()
    assert code == 2
    assert "impossible policy" in captured.out
    assert "simulating" not in captured.err  # no progress bar: nothing ran


def test_result_json_matches_the_written_summary(tmp_path: Path) -> None:
    result = simulate(scenario({}, days=2, runs=1))
    write_report(result, tmp_path, plots=False)
    written = result_json_from(tmp_path)
    fresh = result_json(result)
    written.pop("seconds")
    fresh.pop("seconds")
    assert written == fresh


def test_sellers_weigh_what_they_keep_after_pass_through_and_subscription() -> None:
    from microjob import Marketplace
    from microjob.simulation.response import expected_orders_per_seller, terms

    sc = scenario({}, days=4, runs=1)  # fiverr_like: 20 % commission; median price 40 USD
    model = sc.fee_models[0]
    found = terms(sc, model, Marketplace.in_memory(model.policy))
    listed = Decimal(40) + Decimal("0.5") * Decimal(40) * Decimal("0.20")  # half passed on: 44
    net = float(listed * Decimal("0.80") / Decimal(40))  # keeps 35.20 of a 40 fee-free price
    assert found.net_share == pytest.approx(net)
    assert found.active == round(20 * (net / 0.9) ** 2.5)  # 19: one seller left
    assert found.kept == pytest.approx(found.active / 20)

    subscribed = model.with_value("subscription", "30")
    plain = terms(sc, subscribed, Marketplace.in_memory(model.policy))
    per_order = 30 / expected_orders_per_seller(sc, subscribed.subscription_days)
    assert plain.net_share == pytest.approx(net - per_order / 40)
    assert plain.active < found.active


def test_a_moderator_lets_held_ordinary_messages_through_and_turns_attempts_down() -> None:
    sc = scenario(
        {
            **LEAKY,
            "leakage": {**LEAKY["leakage"], "chat": 1.0},
            "fee_models": filter_models("hold"),
        },
        days=6,
        runs=1,
    )
    markets: list[Any] = []
    run = run_once(sc, sc.fee_models[0], draw_demand(sc, 1), keep=markets)
    market = markets[0]
    assert market.chat.moderation_queue(viewer="admin") == []  # every held message was read
    assert run.totals["leaks_caught"] == run.totals["leak_attempts"] > 0
    assert run.totals["orders_placed"] > 0


def test_one_run_gives_a_peak_but_says_it_has_no_interval() -> None:
    result = simulate(scenario({}, days=2, runs=1), sweep="commission_rate=0.1:0.3:0.1")
    top = peak(result)
    assert top is not None
    assert top.low == top.value == top.high
    assert "one run gives no interval" in top.sentence
    judged = verdict(result)
    assert "one run cannot tell" in judged.sentence


def test_the_shipped_webpark_scenario_loses_money_with_its_chat_filter_off() -> None:
    sc = load_scenario("webpark").replace(sweep=None)
    result = simulate(sc, jobs=2)
    on, off = result.model("commission 15 %"), result.model("commission 15 %, chat filter off")
    assert off.total("leakage").mean > on.total("leakage").mean
    assert off.total("orders_leaked").mean > on.total("orders_leaked").mean
    gap = paired(on, off)
    assert gap.low > 0  # filter on earns more on these seeds, beyond the noise
    for run in (*on.runs, *off.runs):  # every figure is the ledger's, to the cent
        assert run.totals["revenue"] == sum(run.ledger_revenue.values(), Decimal(0))
