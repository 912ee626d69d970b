"""The report page is a Jinja2 template: every value is escaped, the words stay the same, and a
missing extra is named before any file is written."""

from __future__ import annotations

import copy
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from microjob.simulation import parse_scenario, simulate, write_report
from microjob.simulation import report as report_module
from microjob.simulation.simulate import SimulationResult

QUICK = tomllib.loads(
    (resources.files("microjob.simulation") / "scenarios" / "quick.toml").read_text("utf-8")
)
HOSTILE = "<script>alert(\"x\")</script> & 'co'"


def hostile_result(**top: Any) -> SimulationResult:
    data = copy.deepcopy(QUICK)
    data.update(days=2, runs=1, name=HOSTILE, description=f"about {HOSTILE}", **top)
    data["fee_models"][1]["name"] = f"<img src=x onerror=alert(1)> {HOSTILE}"
    return simulate(parse_scenario(data, "hostile.toml"), sweep="commission_rate=0.1:0.2:0.1")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    return write_report(hostile_result(), folder, plots=False).read_text("utf-8")


def test_a_hostile_scenario_name_description_and_fee_model_label_are_escaped(
    hostile_page: str,
) -> None:
    assert "<script" not in hostile_page
    assert "<img" not in hostile_page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;" in hostile_page
    assert "<title>microjob simulation: &lt;script&gt;" in hostile_page
    assert "<h1>Revenue simulation: &lt;script&gt;" in hostile_page
    assert "<p>about &lt;script&gt;" in hostile_page
    assert "<td>&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;" in hostile_page


def test_plot_names_are_escaped_in_both_attributes() -> None:
    result = hostile_result()
    page = report_module._page(result, ['a"b<c>.png'], report_module._templates())
    assert '<figure><img src="a&#34;b&lt;c&gt;.png" alt="a&#34;b&lt;c&gt;.png"></figure>' in page


def test_the_page_keeps_its_sections_and_ends_with_one_newline(hostile_page: str) -> None:
    assert hostile_page.startswith('<!doctype html>\n<html lang="en">')
    assert hostile_page.endswith("</body></html>\n")
    for text in (
        "<h2>Fee models</h2><table><thead><tr><th>fee model</th>",
        "<h2>Results</h2><table><thead><tr><th></th>",
        "<h2>Sweep: commission_rate on fiverr-like</h2>",
        "run(s) per fee model (seeds ",
        "Take rate = platform revenue / GMV",
        '<a href="daily.json">daily.json</a>, <a href="sweep.csv">sweep.csv</a>.</p>',
    ):
        assert text in hostile_page
    assert "{{" not in hostile_page
    assert "{%" not in hostile_page
    assert "{#" not in hostile_page


def test_the_template_ships_inside_the_package() -> None:
    template = resources.files("microjob.simulation") / "templates" / "report.html"
    assert template.is_file()


def test_without_jinja2_the_error_names_the_extra_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = hostile_result()
    report_module._templates.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        with pytest.raises(ImportError, match=r"pip install 'microjob\[sim\]'"):
            write_report(result, tmp_path / "out", plots=False)
    finally:
        report_module._templates.cache_clear()
    assert not (tmp_path / "out").exists()
