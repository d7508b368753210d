"""Page speed at scale: req/s and latency of the main pages under wrk, against gunicorn.

Seeds a database of N organisations (benchmarks/seed_scale.py: SQLite file or a PostgreSQL
server started in a temporary directory, as the test suite does), starts gunicorn with
-w 2 and then -w 4 on it, and runs wrk with 20 connections against each page in turn:

    ceiling        /_bench/bare: a route added by this script's app factory (``bench_app``)
                   that returns a short text; it runs the app's before/after-request hooks
                   (request id, locale, metrics) but no query and no template
    directory      the largest cluster's member directory, without a query
    directory_q    the same with a search word
    directory_deep the same without a query, page 300 (rows 5,980 on: an OFFSET walk before)
    organisation   an organisation's page (anonymous)
    partners       partner suggestions of the logged-in member (session cookie, -H)
    api_orgs       GET /api/v1/organisations?cluster=...
    api_suggest    GET /api/v1/organisations/<id>/suggestions (Bearer token)
    events         the largest cluster's events list
    events_all     upcoming events of every cluster

Each round runs every page once; the figures are the median of the rounds (req/s, p50, p95,
p99 from wrk's Lua summary) and the share of the ceiling's median req/s of the same run, with
the load average beside them (the machine is shared). ``--profile NAME`` samples one gunicorn
worker with py-spy while page NAME runs and prints where the time goes.

wrk is the Debian package ``wrk`` (``apt-get install wrk``); py-spy is on PyPI
(``.venv/bin/pip install py-spy``, in the ``bench`` extra). Not run in CI.

    .venv/bin/python benchmarks/web_load.py --sizes 10000 --db sqlite
    .venv/bin/python benchmarks/web_load.py --sizes 10000,100000 --db both --keep /tmp/scale
"""

from __future__ import annotations

import argparse
import collections
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import psycopg  # noqa: E402
from seed_scale import JOBS, Seeded, describe, seed  # noqa: E402

from tests import pgserver  # noqa: E402

BARE_PATH = "/_bench/bare"
DEEP_PAGE = 300  # a directory page far in (the largest cluster: 368 pages at 10k, 3,646 at 100k)
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %d, "duration_us": %d, "bad_status": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def bench_app():
    """The app as gunicorn serves it, plus one bare route: the ceiling of the same run."""
    from matchmaker import create_app

    app = create_app()

    @app.get(BARE_PATH)
    def bench_bare():
        return "ok", 200, {"Content-Type": "text/plain"}

    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(s: Seeded) -> dict[str, tuple[str, str | None]]:
    """Page name -> (path, auth: None, "cookie" or "token")."""
    slug = s.cluster_slug
    return {
        "ceiling": (BARE_PATH, None),
        "directory": (f"/clusters/{slug}/", None),
        "directory_q": (f"/clusters/{slug}/?q={urllib.parse.quote(s.search_word)}", None),
        "directory_deep": (f"/clusters/{slug}/?page={DEEP_PAGE}", None),
        "organisation": (f"/organisations/{s.org_id}", None),
        "partners": ("/partners/", "cookie"),
        "api_orgs": (f"/api/v1/organisations?cluster={slug}", None),
        "api_suggest": (f"/api/v1/organisations/{s.org_id}/suggestions", "token"),
        "events": (f"/events/cluster/{slug}/", None),
        "events_all": ("/events/", None),
    }


def app_env(seeded: Seeded, index_dir: str) -> dict[str, str]:
    """The environment of the app's processes (web and job workers) on the seeded data."""
    return {
        "DATABASE_URL": seeded.url,
        "MATCHING_INDEX_DIR": index_dir,
        "SECRET_KEY": "bench",
        "BASE_URL": "http://127.0.0.1",  # links in mail the job workers render
        "SESSION_COOKIE_SECURE": "0",
        "REMEMBER_COOKIE_SECURE": "0",
    }


class Server:
    """gunicorn -w N on the seeded database, with the shared index directory."""

    def __init__(
        self, seeded: Seeded, workers: int, index_dir: str, tmp: Path, name: str = ""
    ) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **app_env(seeded, index_dir)}
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.log = tmp / f"gunicorn-{name or workers}.log"
        self.proc = subprocess.Popen(
            [
                gunicorn,
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--chdir",
                str(tmp),
                "--pythonpath",
                f"{ROOT},{ROOT / 'benchmarks'}",
                "--log-level",
                "warning",
                "web_load:bench_app()",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.log, "wb"),  # noqa: SIM115
        )
        try:
            self._wait()
        except BaseException:  # also Ctrl-C while it starts: no gunicorn is left behind
            self.stop()
            raise

    def _wait(self) -> None:
        deadline = time.monotonic() + 300  # a loaded machine imports the app slowly
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + BARE_PATH, timeout=10)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        self.proc.terminate()  # graceful: the workers finish the requests they hold
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGQUIT)  # a loaded machine: stop at once
            self.proc.wait(30)


def login_cookie(base: str, email: str, password: str) -> str:
    """Log in through the form; the session cookie after the welcome flash was shown."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if csrf is None:
        csrf = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = urllib.parse.urlencode(
        {"csrf_token": csrf.group(1), "email": email, "password": password}
    ).encode()
    opener.open(base + "/auth/login", data=data).read()
    opener.open(base + "/").read()  # the flash is consumed: the cookie stops changing
    cookies = {c.name: c.value for c in jar}
    if "session" not in cookies:
        raise RuntimeError("login failed")
    return f"session={cookies['session']}"


def headers_for(auth: str | None, cookie: str, token: str) -> dict[str, str]:
    if auth == "cookie":
        return {"Cookie": cookie}
    if auth == "token":
        return {"Authorization": f"Bearer {token}"}
    return {}


def check(base: str, path: str, headers: dict[str, str]) -> int:
    """Fetch once: the page must answer 200 (not a redirect to the login)."""
    request = urllib.request.Request(base + path, headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        if response.status != 200 or "/auth/login" in response.url:
            raise RuntimeError(f"{path}: {response.status} {response.url}")
        response.read()
    return round((time.perf_counter() - started) * 1000)


def wrk(
    url: str, headers: dict[str, str], seconds: int, connections: int, lua: Path, threads: int = 2
) -> dict:
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    cmd += ["--timeout", "10s"]
    cmd += ["-s", str(lua)]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def drain(base: str, workers: int) -> None:
    """Wait until the workers have answered what wrk left queued when it stopped (sync
    workers answer every accepted request, also of a closed connection): otherwise a slow
    page's backlog is counted against the next page. One bare request per worker, at once,
    queued behind the backlog."""
    threads = [threading.Thread(target=check, args=(base, BARE_PATH, {})) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def profile(pid: int, seconds: int, out: Path) -> subprocess.Popen:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen(
        [py_spy, "record", "--pid", str(pid), "-d", str(seconds), "-r", "200", "-f", "raw"]
        + ["-o", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def print_profile(path: Path, top: int = 15) -> None:
    """Where one worker's samples went (py-spy's collapsed stacks): the app's own frames and
    templates by inclusive share, and the leaf frames (self time) of everything."""
    inclusive: collections.Counter[str] = collections.Counter()
    leaf: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        total += n
        frames = stack.split(";")
        leaf[frames[-1]] += n
        for frame in set(frames):
            if "matchmaker/" in frame or ".html" in frame or "(matching/" in frame:
                inclusive[frame] += n
    print(f"  py-spy: {total} samples of one worker")
    for title, counter in (("inclusive, the app's frames", inclusive), ("self", leaf)):
        print(f"  {title}:")
        for frame, n in counter.most_common(top):
            print(f"  {100 * n / max(total, 1):5.1f}%  {frame[:140]}")


def run_size(seeded: Seeded, index_dir: str, args, tmp: Path) -> list[dict]:
    lua = tmp / "summary.lua"
    lua.write_text(LUA)
    rows = []
    for workers in args.workers:
        server = Server(seeded, workers, index_dir, tmp)
        try:
            cookie = login_cookie(server.base, seeded.login_email, seeded.login_password)
            pages = targets(seeded)
            if args.pages:
                pages = {k: v for k, v in pages.items() if k in args.pages or k == "ceiling"}
            first = {}
            for name, (path, auth) in pages.items():
                first[name] = check(server.base, path, headers_for(auth, cookie, seeded.api_token))
            for path, auth in pages.values():  # every worker maps the index, warms up
                wrk(server.base + path, headers_for(auth, cookie, seeded.api_token), 2, 4, lua)
                drain(server.base, workers)
            results: dict[str, list[dict]] = collections.defaultdict(list)
            loads = []
            for _round in range(args.rounds):
                loads.append(os.getloadavg()[0])
                for name, (path, auth) in pages.items():
                    spy = None
                    if args.profile == name and _round == 0:
                        pid = server.worker_pids()[0]
                        spy = profile(pid, args.duration, tmp / f"profile-{name}.txt")
                    results[name].append(
                        wrk(
                            server.base + path,
                            headers_for(auth, cookie, seeded.api_token),
                            args.duration,
                            args.connections,
                            lua,
                        )
                    )
                    drain(server.base, workers)
                    if spy is not None:
                        spy.wait(60)
                        print(f"profile of {name} (-w {workers}):")
                        print_profile(tmp / f"profile-{name}.txt")
            loads.append(os.getloadavg()[0])
            ceiling = statistics.median(r["rps"] for r in results["ceiling"])
            for name, runs in results.items():
                rps = statistics.median(r["rps"] for r in runs)
                rows.append(
                    {
                        "db": seeded.url.split(":", 1)[0].split("+")[0],
                        "orgs": seeded.organisations,
                        "workers": workers,
                        "page": name,
                        "rps": round(rps, 1),
                        "p50_ms": round(statistics.median(r["p50_us"] for r in runs) / 1000, 1),
                        "p95_ms": round(statistics.median(r["p95_us"] for r in runs) / 1000, 1),
                        "p99_ms": round(statistics.median(r["p99_us"] for r in runs) / 1000, 1),
                        "of_ceiling": f"{100 * rps / ceiling:.1f} %",
                        "errors": sum(r["bad_status"] + r["socket_errors"] for r in runs),
                        "first_ms": first[name],
                        "load": "/".join(f"{x:.1f}" for x in loads),
                    }
                )
                print(json.dumps(rows[-1]), flush=True)
        finally:
            server.stop()
    return rows


def _database_exists(server, name: str) -> bool:
    with psycopg.connect(server.dsn("postgres")) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return found is not None


def seeded_db(kind: str, n: int, keep: Path, server, jobs: int = JOBS) -> tuple[Seeded, str]:
    """Seed (or reuse, with --keep) the database of ``n`` organisations; on PostgreSQL the
    kept server's database of that name (the server's port differs from run to run)."""
    tag = f"{kind}-{n}"
    info = keep / f"{tag}.json"
    index_dir = str(keep / f"index-{tag}")
    name = f"scale{n}"
    url = f"sqlite:///{keep / f'{tag}.sqlite'}" if kind == "sqlite" else server.url(name)
    if info.exists():
        stored = Seeded(**json.loads(info.read_text()))
        if kind == "sqlite" and stored.url == url and Path(url[len("sqlite:///") :]).exists():
            return stored, index_dir
        if kind == "postgresql" and server.keep and _database_exists(server, name):
            stored.url = url
            return stored, index_dir
    if kind == "postgresql":
        url = server.create_database(name)
    seeded = seed(url, n, index_dir, jobs=jobs)
    info.write_text(json.dumps(asdict(seeded)))
    print(f"seeded ({kind}): {describe(seeded)}", flush=True)
    return seeded, index_dir


def postgres(keep: Path | None):
    """The PostgreSQL server of the run: in ``keep``/postgres (reused) or a temp dir."""
    return pgserver.PostgresServer(keep / "postgres" if keep else None).start()


COLUMNS = ("db", "orgs", "workers", "page", "rps", "p50_ms", "p95_ms", "p99_ms", "of_ceiling")


def print_table(rows: list[dict]) -> None:
    """The figures once more, as a table (the JSON lines above carry errors and load too)."""
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in COLUMNS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="organisations, comma-separated")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--workers", default="2,4", help="gunicorn -w values, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--pages", default="", help="only these pages (and the ceiling)")
    parser.add_argument("--profile", default="", help="py-spy one worker during this page")
    parser.add_argument("--keep", help="keep seeded databases here and reuse them")
    parser.add_argument("--jobs", type=int, default=JOBS, help="seeding: search key processes")
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",")]
    args.pages = [p for p in args.pages.split(",") if p]
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install wrk")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="mm-webload-"))
    keep = Path(args.keep) if args.keep else tmp
    keep.mkdir(parents=True, exist_ok=True)
    kinds = {"sqlite": ["sqlite"], "postgres": ["postgresql"]}.get(
        args.db, ["sqlite", "postgresql"]
    )
    pg = None
    rows: list[dict] = []
    try:
        for kind in kinds:
            if kind == "postgresql":
                if not pgserver.available():
                    print("PostgreSQL binaries not found; skipped")
                    continue
                pg = postgres(Path(args.keep) if args.keep else None)
            for n in [int(s) for s in args.sizes.split(",")]:
                seeded, index_dir = seeded_db(kind, n, keep, pg, args.jobs)
                rows += run_size(seeded, index_dir, args, tmp)
            if pg is not None:
                pg.stop()
                pg = None
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if rows:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
