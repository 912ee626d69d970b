"""The ``microjob`` command end to end: simulate writes its report, scan finds contacts, bad
scenarios and arguments are refused with a message that says what is wrong."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from microjob.cli import main

QUICK = (resources.files("microjob.simulation") / "scenarios" / "quick.toml").read_text("utf-8")
PNG = b"\x89PNG\r\n\x1a\n"


def tiny_scenario(folder: Path, text: str = QUICK) -> Path:
    """The shipped quick scenario, three days long, as a file of the user's own."""
    path = folder / "tiny.toml"
    path.write_text(
        text.replace("days = 14", "days = 3").replace('name = "quick"', 'name = "tiny"')
    )
    return path


def test_simulate_writes_the_whole_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    code = main(
        [
            "simulate",
            str(tiny_scenario(tmp_path)),
            "--runs",
            "2",
            "--seed",
            "3",
            "--sweep",
            "commission_rate=0.1:0.3:0.1",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert f"report: {out / 'report.html'}" in printed.replace("\n", "")
    assert "fiverr-like" in printed
    assert "commission 10 %" in printed
    assert "sweep of commission_rate" in printed

    for name in ("revenue_over_time.png", "revenue_mix.png", "sweep.png"):
        data = (out / name).read_bytes()
        assert data.startswith(PNG), name
        assert len(data) > 10_000, f"{name} is too small to hold a plot"
    page = (out / "report.html").read_text()
    for name in ("revenue_over_time.png", "revenue_mix.png", "sweep.png"):
        assert f'<img src="{name}"' in page
    assert "platform revenue" in page
    assert "tiny" in page

    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "tiny"
    assert summary["seeds"] == [3, 4]
    assert [m["name"] for m in summary["fee_models"]] == ["fiverr-like", "commission 10 %"]
    assert [p["value"] for p in summary["sweep"]["points"]] == ["0.1", "0.2", "0.3"]
    with (out / "daily.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    # (2 fee models + 3 sweep points) x 2 seeds x 3 days
    assert len(rows) == 30
    assert {row["date"] for row in rows} == {"2026-01-05", "2026-01-06", "2026-01-07"}
    assert sum(float(row["orders_placed"]) for row in rows) > 0
    daily = json.loads((out / "daily.json").read_text())
    assert set(daily["fee_models"]) >= {"fiverr-like", "commission 10 %"}
    assert (out / "sweep.csv").stat().st_size > 100


def test_simulate_runs_a_shipped_scenario_by_name_without_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["simulate", "quick", "--days", "2", "--runs", "1", "--no-plots", "--out", str(tmp_path)]
    )
    assert code == 0
    assert (tmp_path / "report.html").exists()
    assert not list(tmp_path.glob("*.png"))
    assert "quick: 2 days, USD" in capsys.readouterr().out


def test_simulate_on_a_sqlite_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/run-{{run}}.db"
    code = main(
        [
            "simulate",
            str(tiny_scenario(tmp_path)),
            "--days",
            "1",
            "--runs",
            "1",
            "--no-plots",
            "--store",
            url,
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    assert len(list(tmp_path.glob("run-*.db"))) == 2  # one per fee model


def test_simulate_lists_the_shipped_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--list"]) == 0
    printed = capsys.readouterr().out
    for name in ("quick", "webpark", "jobindoor", "kiwigigs", "microjobengine", "fiverr_like"):
        assert name in printed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("orders_per_day = 12", "orders_per_day = -3"),
            "demand.orders_per_day must be a positive",
        ),
        (('median = "40"', "median = 40.5"), "prices.median must be an amount of money"),
        (("dispute = 0.02", "dispute = 2"), "behaviour.dispute must be a probability"),
        (("[market]", "colour = 1\n[market]"), "colour is not a known key"),
    ],
)
def test_simulate_rejects_a_bad_scenario_file_naming_the_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    message: str,
) -> None:
    old, new = change
    assert old in QUICK
    path = tiny_scenario(tmp_path, QUICK.replace(old, new, 1))
    code = main(["simulate", str(path), "--out", str(tmp_path / "out")])
    printed = " ".join(capsys.readouterr().out.split())
    assert code == 2
    assert f"error: tiny.toml: {message}" in printed
    assert not (tmp_path / "out").exists(), "nothing is written for a refused scenario"


def test_simulate_rejects_a_bad_sweep_and_an_unknown_scenario(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "quick", "--sweep", "colour=1:2:1"]) == 2
    assert "must name a numeric fee field to sweep" in capsys.readouterr().out
    assert main(["simulate", "nowhere"]) == 2
    assert "is neither a file nor a shipped scenario" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "--runs must be a whole number of at least 1, got 0"),
        (["--days", "-2"], "--days must be a whole number of at least 1, got -2"),
        (["--seed", "-1"], "--seed must be zero or more"),
        (["--runs", "many"], "invalid int value"),
    ],
)
def test_simulate_rejects_bad_arguments(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["simulate", "quick", *args])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


# -- scan ------------------------------------------------------------------------------------------
def test_scan_prints_what_it_finds_and_the_masked_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["scan", "write", "me", "at", "anna.kovacs@example.org", "or", "call", "+36 30 123 4567"]
    )
    printed = capsys.readouterr().out
    assert code == 1
    assert "email" in printed
    assert "'anna.kovacs@example.org'" in printed
    assert "phone" in printed
    masked = next(line for line in printed.splitlines() if line.startswith("masked: "))
    assert masked.endswith(" or call [contact removed]")
    assert "example.org" not in masked
    assert "123" not in masked


def test_scan_of_a_clean_message_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "The logo will be ready on 12.05, price 40 USD"]) == 0
    assert capsys.readouterr().out.strip() == "no contact details found"


def test_scan_lets_the_marketplace_s_own_domain_through(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "see https://market.example.com/orders/15"
    assert main(["scan", text]) == 1
    capsys.readouterr()
    assert main(["scan", text, "--allow-domain", "market.example.com"]) == 0


# -- the older commands still work ----------------------------------------------------------
def test_demo_and_presets_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--preset", "webpark"]) == 0
    assert "ledger verified" in capsys.readouterr().out
    assert main(["presets"]) == 0
    assert "jobindoor" in capsys.readouterr().out


def test_the_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "microjob.cli", "scan", "telegram: @anna_designs"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "messenger" in done.stdout


def test_the_command_and_the_simulator_import_no_plotting_or_console_package() -> None:
    code = (
        "import sys, microjob.cli, microjob.simulation; "
        "print(sorted(m for m in ('matplotlib', 'rich') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_readme_store_example_creates_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: ``--store 'sqlite:///reports/run-{run}.db'`` on a fresh checkout, where
    ``reports/`` does not exist yet."""
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "simulate",
            str(tiny_scenario(tmp_path)),
            "--days",
            "1",
            "--runs",
            "1",
            "--no-plots",
            "--store",
            "sqlite:///reports/run-{run}.db",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    assert len(list((tmp_path / "reports").glob("run-*.db"))) == 2


def test_version_help_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from microjob import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"microjob {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    helped = capsys.readouterr().out
    assert "exit codes:" in helped
    assert "1  scan found contact details" in helped


def test_scan_reads_standard_input_and_speaks_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO("mail me at anna.berg@outlook.com\n"))
    assert main(["scan", "-", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["found"] is True
    assert [f["kind"] for f in answer["findings"]] == ["email"]
    assert "outlook" not in answer["masked"]
    assert main(["scan", "--json", "see", "you", "tomorrow"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "found": False,
        "findings": [],
        "masked": "see you tomorrow",
    }


def test_presets_read_as_words_not_python_values(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["presets"]) == 0
    table = capsys.readouterr().out
    for python_word in ("None", "False", "True"):
        assert python_word not in table
    assert "unlimited" in table
    assert main(["presets", "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["jobindoor"]["clearing in workdays"] == "yes"
    assert as_json["kiwigigs"]["contact filter"] == "block"
