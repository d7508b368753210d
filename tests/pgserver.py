"""A throwaway PostgreSQL server for the test suite: initdb in a temp dir, a free loopback port."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

CANDIDATE_DIRS = [
    "/usr/local/bin",
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
    "/usr/bin",
]


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in CANDIDATE_DIRS:
        path = Path(d) / name
        if path.exists():
            return str(path)
    return None


def available() -> bool:
    return all(find_binary(n) for n in ("initdb", "pg_ctl", "postgres"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """Start with .start(), get URLs with .url(dbname), stop with .stop().

    ``root``: a directory that outlives the server (the benchmarks' seeded databases): its
    cluster is created once, reused by the next start, and stopped cleanly, not removed.
    Run as root, the server runs as nobody: the parents of ``root`` must let nobody in."""

    def __init__(self, root: Path | None = None) -> None:
        self.keep = root is not None
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.tmp = root if root is not None else Path(tempfile.mkdtemp(prefix="mm-pg-"))
        self.datadir = self.tmp / "data"
        self.port = _free_port()
        self.user = "matchmaker"
        self._run_as: list[str] = []

    def _cmd(self, args: list[str]) -> list[str]:
        return self._run_as + args

    def start(self) -> PostgresServer:
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: run it as 'nobody' in a directory it owns.
            nobody = pwd.getpwnam("nobody")
            os.chown(self.tmp, nobody.pw_uid, nobody.pw_gid)
            self._run_as = [
                "setpriv",
                f"--reuid={nobody.pw_uid}",
                f"--regid={nobody.pw_gid}",
                "--clear-groups",
                "--",
            ]
        if not (self.datadir / "PG_VERSION").exists():
            subprocess.run(
                self._cmd(
                    [
                        initdb,
                        "-D",
                        str(self.datadir),
                        "-U",
                        self.user,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-sync",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        subprocess.run(
            self._cmd(
                [
                    pg_ctl,
                    "-D",
                    str(self.datadir),
                    "-o",
                    opts,
                    "-l",
                    str(self.tmp / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self._wait()
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def dsn(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname={dbname}"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        pg_ctl = find_binary("pg_ctl")
        mode = "fast" if self.keep else "immediate"  # a kept cluster is shut down cleanly
        subprocess.run(
            self._cmd([pg_ctl, "-D", str(self.datadir), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
