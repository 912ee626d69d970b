"""Mutation testing of the money core: ``money.py``, ``escrow.py`` and ``ledger.py``.

Usage (from the repository root)::

    .venv/bin/python scripts/mutate.py             # every file, every mutant (slow: ~minutes)
    .venv/bin/python scripts/mutate.py --quick     # a short slice per file (CI-sized)
    .venv/bin/python scripts/mutate.py --files ledger --keep

Each file is mutated on its own, in a throw-away copy of the tree (``src``, ``tests``,
``pyproject.toml``), against the deterministic test modules that exercise it (the random state
machines and the documentation examples are left out on purpose: a mutant they catch on one
seed and miss on the next is not pinned). mutmut 3 reads its settings from ``setup.cfg``; the
script writes one into the copy, so the repository's own configuration is never touched.

Per file it prints mutants, killed, survived, the score, the score once mutants that only change
the text of an error message are set aside, and every survivor with its diff. ``--json PATH``
writes the same figures for a dashboard. The exit status is 0 whatever the score: this is a
measuring tool, not a gate (use ``--fail-under`` to make it one).

mutmut is not a project dependency; when it is missing the script installs ``mutmut>=3.8,<4``
into the running interpreter's environment with pip.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT_SPEC = "mutmut>=3.8,<4"


@dataclass(frozen=True)
class Target:
    """One file to mutate and the deterministic tests that exercise it."""

    name: str
    path: str
    tests: tuple[str, ...]
    quick: tuple[str, ...]
    """Functions mutated by ``--quick``, as mutmut names them: ``x_name`` for a function,
    ``xǁClassǁname`` for a method."""


TARGETS = {
    "money": Target(
        "money",
        "src/microjob/money.py",
        ("tests/test_money.py", "tests/test_money_pinned.py", "tests/test_memory_path.py"),
        ("x_percent", "x_quantize", "x__to_decimal"),
    ),
    "escrow": Target(
        "escrow",
        "src/microjob/escrow.py",
        (
            "tests/test_orders.py",
            "tests/test_disputes.py",
            "tests/test_payouts.py",
            "tests/test_order_money_deltas.py",
            "tests/test_escrow_balances.py",
        ),
        ("x_refund", "x__legs"),
    ),
    "ledger": Target(
        "ledger",
        "src/microjob/ledger.py",
        ("tests/test_ledger.py", "tests/test_ledger_pinned.py", "tests/test_memory_path.py"),
        ("x_entry_hash", "xǁLedgerǁrollback_to"),
    ),
}

# exit codes as mutmut 3 records them (mutmut.stats.status_by_exit_code)
KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # failed test, pytest error, timeout, type check
SURVIVED = {0}
NO_TESTS = {5, 33}

EXCEPTION_NAMES = {"Conflict", "InsufficientFunds", "NotFound", "CurrencyMismatch"}


@dataclass
class FileResult:
    name: str
    path: str
    tests: list[str]
    mutants: int = 0
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)
    message_only: list[str] = field(default_factory=list)
    """Every mutant (killed or not) whose only change is the text of an error message."""
    diffs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.mutants if self.mutants else 100.0

    @property
    def behaviour_survivors(self) -> list[str]:
        return [m for m in self.survived + self.untested if m not in self.message_only]

    @property
    def behaviour_score(self) -> float:
        counted = self.mutants - len(self.message_only)
        killed = self.killed - sum(
            1 for m in self.message_only if m not in self.survived and m not in self.untested
        )
        return 100.0 * killed / counted if counted else 100.0


def ensure_mutmut() -> Path:
    """The ``mutmut`` command next to this interpreter, installed on first use."""
    if importlib.util.find_spec("mutmut") is None:
        print(f"mutmut is not installed; installing {MUTMUT_SPEC!r} ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", MUTMUT_SPEC], check=True)
    command = Path(sys.executable).parent / "mutmut"
    if not command.exists():  # pragma: no cover - pip always installs the console script
        raise SystemExit(f"mutmut is installed but {command} is missing")
    return command


def prepare(target: Target, root: Path, workdir: Path, pytest_args: list[str]) -> list[str]:
    """Copy the tree into ``workdir`` and write the mutmut section of its ``setup.cfg``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "mutants")
    shutil.copytree(root / "src", workdir / "src", ignore=ignore)
    shutil.copytree(root / "tests", workdir / "tests", ignore=ignore)
    shutil.copy2(root / "pyproject.toml", workdir / "pyproject.toml")
    tests = [t for t in target.tests if (root / t).exists()]
    if not tests:
        raise SystemExit(f"no test module of {target.path} exists: {target.tests}")
    lines = [
        "[mutmut]",
        "source_paths = src",
        f"only_mutate = {target.path}",
        "pytest_add_cli_args_test_selection =",
        *(f"    {t}" for t in tests),
        "pytest_add_cli_args =",
        *(f"    {a}" for a in pytest_args),
        "use_git_change_detection = false",
        "",
    ]
    (workdir / "setup.cfg").write_text("\n".join(lines))
    return tests


def _without_spinner(text: str) -> str:
    """mutmut redraws a progress line many times a second; keep the last of each run."""
    lines = [line for line in text.splitlines() if line.strip()]
    kept = [
        line
        for i, line in enumerate(lines)
        if not (
            line[:1] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏" and i + 1 < len(lines) and lines[i + 1][:1] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
        )
    ]
    return "\n".join(kept) + "\n"


def module_of(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def run_target(
    target: Target,
    mutmut: Path,
    *,
    root: Path,
    quick: bool,
    jobs: int,
    keep: bool,
    verbose: bool,
) -> FileResult:
    workdir = Path(tempfile.mkdtemp(prefix=f"microjob-mutate-{target.name}-"))
    pytest_args = ["-p", "no:cacheprovider", "--hypothesis-seed=0"]
    tests = prepare(target, root, workdir, pytest_args)
    result = FileResult(target.name, target.path, tests)
    command = [str(mutmut), "run", "--max-children", str(jobs)]
    if quick:
        module = module_of(target.path)
        command += [f"{module}.{fn}__mutmut_*" for fn in target.quick]
    print(f"== {target.path}: mutating in {workdir}", flush=True)
    print(f"   tests: {' '.join(tests)}", flush=True)
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    result.seconds = time.monotonic() - started
    if verbose or proc.returncode != 0:
        sys.stdout.write(_without_spinner(proc.stdout)[-4000:])
        sys.stderr.write(proc.stderr[-4000:])
    if proc.returncode != 0:
        raise SystemExit(f"mutmut failed on {target.path} (exit {proc.returncode}); see above")
    meta = json.loads((workdir / "mutants" / f"{target.path}.meta").read_text())
    codes: dict[str, int | None] = meta["exit_code_by_key"]
    if quick:
        prefixes = tuple(f"{module_of(target.path)}.{fn}__mutmut_" for fn in target.quick)
        codes = {k: v for k, v in codes.items() if k.startswith(prefixes)}
    for name, code in sorted(codes.items(), key=lambda kv: _natural(kv[0])):
        result.mutants += 1
        if code in KILLED:
            result.killed += 1
        elif code in SURVIVED:
            result.survived.append(name)
        elif code in NO_TESTS:
            result.untested.append(name)
        else:
            result.other[str(code)] = result.other.get(str(code), 0) + 1
    classify(result, workdir, list(codes))
    if keep:
        print(f"   kept {workdir} (cd there and run `mutmut show NAME` or `mutmut browse`)")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _natural(name: str) -> tuple[str, int]:
    head, _, number = name.rpartition("_")
    return head, int(number) if number.isdigit() else 0


# -- telling message-only mutants apart ---------------------------------------------------------
_CLASSIFY = r"""
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant, read_functions_from_index
from mutmut.mutation.diff_apply import read_mutants_module, read_original_function
from mutmut.mutation.diff_apply import read_mutant_function
import libcst as cst

path, names = sys.argv[1], json.loads(sys.stdin.read())
module = None
out = {}
for name in names:
    functions = read_functions_from_index(name, path)
    if functions is None:
        if module is None:
            module = read_mutants_module(path)
        functions = (read_original_function(module, name), read_mutant_function(module, name))
    orig, mutant = (cst.Module([f]).code for f in functions)
    out[name] = {"orig": orig, "mutant": mutant, "diff": get_diff_for_mutant(name, path=path)}
print(json.dumps(out))
"""


def classify(result: FileResult, workdir: Path, names: list[str]) -> None:
    """Fill ``message_only`` and the survivors' diffs, reading the mutants mutmut wrote."""
    if not names:
        return
    proc = subprocess.run(
        [sys.executable, "-c", _CLASSIFY, result.path],
        cwd=workdir,
        input=json.dumps(names),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(f"   (could not read the mutants' code: {proc.stderr.strip()[-300:]})")
        return
    sources = json.loads(proc.stdout)
    for name, src in sources.items():
        if message_only(src["orig"], src["mutant"]):
            result.message_only.append(name)
        if name in result.survived or name in result.untested:
            result.diffs[name] = src["diff"]


def _is_message_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name.endswith("Error") or name in EXCEPTION_NAMES:
        return True
    # an integrity report's list of problems is message text too
    return name == "append" and isinstance(func, ast.Attribute) and _named(func.value, "problems")


def _named(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


class _BlankMessages(ast.NodeTransformer):
    """Blank every message an exception is built with: the text arguments (string literals and
    f-strings, whatever they interpolate) of an exception's constructor, of the exception a
    ``raise`` builds, and of ``problems.append`` in an integrity report."""

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        if isinstance(node.exc, ast.Call):
            _blank_text_arguments(node.exc)
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if _is_message_call(node):
            _blank_text_arguments(node)
        return self.generic_visit(node)


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _blank_text_arguments(call: ast.Call) -> None:
    call.args = [ast.Constant("") if _is_text(a) else a for a in call.args]


def _normalised(code: str) -> str | None:
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.name = "f"
            break
    return ast.dump(_BlankMessages().visit(tree))


def message_only(orig: str, mutant: str) -> bool:
    """True when the mutant differs from the original only inside error-message text."""
    a, b = _normalised(orig), _normalised(mutant)
    return a is not None and a == b and orig.strip() != mutant.strip()


# -- reporting -----------------------------------------------------------------------------------
def report(results: list[FileResult], *, show_diffs: bool) -> None:
    print()
    header = (
        f"{'file':<24} {'mutants':>7} {'killed':>6} {'survived':>8} {'score':>7} "
        f"{'msg-only':>8} {'score excl. msg':>15} {'time':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        lost = len(r.survived) + len(r.untested)
        print(
            f"{r.path.removeprefix('src/microjob/'):<24} {r.mutants:>7} {r.killed:>6} {lost:>8} "
            f"{r.score:>6.1f}% {len(r.message_only):>8} {r.behaviour_score:>14.1f}% "
            f"{r.seconds:>6.0f}s"
        )
    for r in results:
        if r.other:
            print(f"{r.path}: other outcomes by mutmut exit code: {r.other}")
        survivors = r.survived + r.untested
        if not survivors:
            continue
        print()
        print(f"{r.path}: {len(survivors)} survivor(s)")
        for name in survivors:
            tags = []
            if name in r.untested:
                tags.append("no test ran it")
            if name in r.message_only:
                tags.append("message text only")
            print(f"  {name}" + (f"  [{', '.join(tags)}]" if tags else ""))
            if show_diffs and name in r.diffs and name not in r.message_only:
                body = [line for line in r.diffs[name].splitlines()[2:] if line[:1] in "+-"]
                for line in body:
                    print(f"      {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="mutate a short slice of each file")
    parser.add_argument(
        "--files",
        default=",".join(TARGETS),
        help=f"comma-separated subset of {', '.join(TARGETS)} (default: all)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel mutants")
    parser.add_argument("--keep", action="store_true", help="keep the work directories")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--no-diffs", action="store_true", help="list survivors without diffs")
    parser.add_argument("--verbose", action="store_true", help="show mutmut's own output")
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the tree to copy (default: this checkout; e.g. an exported older commit)",
    )
    parser.add_argument(
        "--fail-under",
        type=float,
        default=None,
        help="exit 1 if any file's score excluding message-only mutants is below this",
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.files.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown file(s) {unknown}; choose from {list(TARGETS)}")
    mutmut = ensure_mutmut()
    root = args.root.resolve()
    # Copy every file's tree up front, so edits made while a long run goes on do not leak in.
    snapshot = Path(tempfile.mkdtemp(prefix="microjob-mutate-src-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "mutants")
    for part in ("src", "tests"):
        shutil.copytree(root / part, snapshot / part, ignore=ignore)
    shutil.copy2(root / "pyproject.toml", snapshot / "pyproject.toml")
    try:
        results = [
            run_target(
                TARGETS[n],
                mutmut,
                root=snapshot,
                quick=args.quick,
                jobs=args.jobs,
                keep=args.keep,
                verbose=args.verbose,
            )
            for n in names
        ]
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)
    report(results, show_diffs=not args.no_diffs)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "file": r.path,
                        "tests": r.tests,
                        "mutants": r.mutants,
                        "killed": r.killed,
                        "survived": r.survived,
                        "untested": r.untested,
                        "message_only": r.message_only,
                        "behaviour_survivors": r.behaviour_survivors,
                        "score": round(r.score, 1),
                        "score_excluding_message_only": round(r.behaviour_score, 1),
                        "seconds": round(r.seconds),
                    }
                    for r in results
                ],
                indent=2,
            )
        )
    if args.fail_under is not None and any(r.behaviour_score < args.fail_under for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
