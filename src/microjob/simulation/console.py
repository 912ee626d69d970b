"""What ``microjob simulate`` shows in the terminal: a progress bar while it runs, then tables.

rich lives behind the ``sim`` extra, so it is imported only here and only when a command asks
for it; `require` turns a missing extra into one clear sentence instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

from microjob.simulation.report import TAKE_RATE_NOTE, summary_table, sweep_table
from microjob.simulation.simulate import Progress, SimulationResult
from microjob.simulation.verdict import peak, verdict

__all__ = ["MissingExtra", "progress_bar", "render_result", "require"]


class MissingExtra(RuntimeError):
    """An optional package of the ``sim`` extra is not installed."""


def require(*modules: str) -> None:
    """Import ``modules`` now, or say which extra brings them."""
    missing = []
    for name in modules:
        try:
            import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise MissingExtra(
            f"microjob simulate needs {', '.join(missing)} (the sim extra): "
            "pip install 'microjob[sim]'"
        )


@contextmanager
def progress_bar(console: Any, title: str) -> Iterator[Progress]:
    """A rich progress bar over the runs; yields the callback `simulate` calls."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[last]}"),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(title, total=None, last="")

        def tell(what: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, last=what)

        yield tell


def _table(title: str, header: list[str], rows: list[list[str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for index, name in enumerate(header):
        # the figures never wrap; a long header (a fee model's name) wraps above them
        widest = max((len(row[index]) for row in rows), default=0)
        table.add_column(name, justify="left" if index == 0 else "right", min_width=min(widest, 40))
    for row in rows:
        table.add_row(*row)
    return table


def render_result(console: Any, result: SimulationResult, report: Path | None) -> None:
    """The summary (one column per fee model), the sweep, and where the report is."""
    scenario = result.scenario
    header, rows = summary_table(result)
    runs = len(result.seeds)
    console.print(
        _table(
            f"{scenario.name}: {scenario.days} days, {scenario.currency}, "
            f"mean ± 95 % interval over {runs} run{'s' if runs != 1 else ''}",
            header,
            rows,
        )
    )
    console.print(f"[dim]{TAKE_RATE_NOTE}[/dim]", highlight=False)
    console.print(f"[bold]Verdict:[/bold] {verdict(result).sentence}", highlight=False)
    sweep_header, sweep_rows = sweep_table(result)
    if sweep_rows and result.sweep is not None:
        console.print(
            _table(
                f"sweep of {result.sweep.field} on {result.sweep.fee_model!r}",
                sweep_header,
                sweep_rows,
            )
        )
        top = peak(result)
        if top is not None:
            console.print(f"[bold]Sweep:[/bold] {top.sentence}", highlight=False)
    console.print(
        f"{result.orders:,} orders simulated in {result.seconds:.1f} s "
        f"({result.orders / max(result.seconds, 1e-9):,.0f} orders/s); "
        "every amount read from the engine's ledger"
    )
    if report is not None:
        console.print(f"report: [bold]{report}[/bold]")
