"""A PostgreSQL server for the tests: the one ``MICROJOB_POSTGRES_URL`` names, or a throwaway
cluster started from the server binaries found on this machine.

* ``MICROJOB_POSTGRES_URL`` set (``postgresql+psycopg://user:pw@host:port/db``): used as is; each
  store the tests open lives in a schema of its own, dropped afterwards.
* Otherwise, if ``initdb``/``pg_ctl`` are on ``PATH`` or under ``/usr/lib/postgresql/*/bin``: a
  cluster is created in a temporary directory, listens on 127.0.0.1 on a free port (and a unix
  socket in that directory), and is stopped and deleted when the test session ends. ``initdb``
  refuses to run as root, so as root the cluster runs as the ``postgres`` user (``runuser``).
* Otherwise the PostgreSQL tests skip, saying why — unless ``MICROJOB_REQUIRE_POSTGRES=1``
  (set by CI), where they fail instead.

The benchmark imports :class:`Cluster` too, so both start servers the same way.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ENV_URL = "MICROJOB_POSTGRES_URL"
ENV_REQUIRE = "MICROJOB_REQUIRE_POSTGRES"


def find_bin_dir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl`` (the newest version found), or None."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.name.split(".")],
    )
    for found in reversed(candidates):
        if (Path(found) / "initdb").exists() and (Path(found) / "pg_ctl").exists():
            return Path(found)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory (see the module docstring)."""

    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="microjob-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.log = self.root / "server.log"
        self.running = False
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError(
                    "running as root, and initdb refuses root; no 'postgres' user to run as"
                ) from exc
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [*self._as, *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                f"{log[-4000:]}"
            )

    def start(self) -> Cluster:
        initdb = str(self.bin_dir / "initdb")
        pg_ctl = str(self.bin_dir / "pg_ctl")
        self._run(
            initdb,
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-p {self.port}",
            f"-c unix_socket_directories={self.root}",
            "-c max_connections=60",
            "-c shared_buffers=32MB",
        ]
        if not self.durable:
            # A test server: a crash of the server itself is not what the tests are about (the
            # crash-safety test kills the client), so skip the flushes that only that needs.
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            pg_ctl,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
        )
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self.running = False
            with contextlib.suppress(Exception):
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


# -- the session's server -------------------------------------------------------------------------
_server: dict[str, Any] = {}


def _skip_or_fail(reason: str) -> None:
    if os.environ.get(ENV_REQUIRE) == "1":
        pytest.fail(f"{ENV_REQUIRE}=1 but PostgreSQL is not available: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def server_url() -> str:
    """The session's PostgreSQL URL (started once, stopped at exit); skips or fails without."""
    if "url" in _server:
        return str(_server["url"])
    if "error" in _server:
        _skip_or_fail(str(_server["error"]))
    given = os.environ.get(ENV_URL)
    if given:
        _server["url"] = given
        return given
    bin_dir = find_bin_dir()
    if bin_dir is None:
        _server["error"] = (
            f"no server configured ({ENV_URL} is unset) and no PostgreSQL server binaries "
            "(initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin; install the "
            "'postgresql' package or set the URL"
        )
        _skip_or_fail(_server["error"])
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _server["error"] = "psycopg is not installed (pip install 'microjob[postgres]')"
        _skip_or_fail(_server["error"])
    assert bin_dir is not None
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except Exception as exc:
        cluster.stop()
        _server["error"] = f"could not start a throwaway cluster from {bin_dir}: {exc}"
        _skip_or_fail(_server["error"])
    atexit.register(cluster.stop)
    _server["cluster"] = cluster
    _server["url"] = cluster.url
    return cluster.url


def stop_server() -> None:
    cluster = _server.pop("cluster", None)
    if cluster is not None:
        cluster.stop()
        _server.pop("url", None)


_names = itertools.count(1)


class Schema:
    """A schema of its own on the session's server: a fresh, empty database for one store.

    ``options`` are the engine options that point a store at it (``SqlStore(url, **options)``);
    :meth:`drop` removes it and everything in it.
    """

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa

        self.url = url
        self.name = f"mj_{os.getpid()}_{next(_names)}_{uuid.uuid4().hex[:6]}"
        self._admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with self._admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {self.name}")
        self.options: dict[str, Any] = {"connect_args": {"options": f"-c search_path={self.name}"}}

    def drop(self) -> None:
        for attempt in range(5):
            try:
                with self._admin.begin() as conn:
                    conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")
                break
            except Exception:
                if attempt == 4:
                    raise
                time.sleep(0.2)
        self._admin.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The PostgreSQL server's URL (skips, or fails under ``MICROJOB_REQUIRE_POSTGRES=1``)."""
    yield server_url()
    stop_server()


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[Schema]:
    """A fresh schema on the server, dropped after the test."""
    schema = Schema(pg_url)
    yield schema
    schema.drop()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Any]:
    """A `SqlStore` on a fresh schema of the server, closed and dropped after the test."""
    from microjob.adapters.sql import SqlStore

    schema = Schema(pg_url)
    store = SqlStore(schema.url, **schema.options)
    yield store
    store.close()
    schema.drop()
