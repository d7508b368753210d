"""Issue 14's "done when" on one machine: two hosts and two job workers on one PostgreSQL.

Seeds PostgreSQL with N organisations (benchmarks/seed_scale.py; ``--keep`` reuses the
server and database of web_load.py's ``--keep`` folder), then starts two gunicorn instances
on different ports (host A and host B, ``-w`` workers each) and two job workers (``flask
--app matchmaker worker``), all on the one database and one shared MATCHING_INDEX_DIR, and:

1. Freshness: ``--edits`` times, edits the bench organisation's needs through host A's API
   (``PATCH /api/v1/organisations/<id>``) to another organisation's capabilities, and polls
   the suggestions API (top ``K``) on both hosts until they changed: seconds from the
   edit's answer to each host (each worker folds the edit into its index at once), and
   whether both hosts then suggest the same. Then how long after the last edit a job worker
   stored the debounced build that merges it and each host mapped that build (from their
   logs), and whether the build suggests the organisations the fold did. The bench
   organisation keeps the last edit's needs (the stored build has them).
2. No index built in a request: the hosts' logs hold no "Matching index ... built" or
   "stored" line (those are written only where an index is built), only "mapped" and
   "folded in"; the job workers' logs hold the builds.
3. Load: wrk against both hosts at once (half the connections each) for the main pages and
   for the bare route (the ceiling of the same run): req/s of both hosts together, p50/p95/
   p99 of the slower host, and the share of the ceiling.

    .venv/bin/python benchmarks/two_hosts.py --n 100000 --keep /tmp/scale

wrk is the Debian package ``wrk``. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import psycopg  # noqa: E402
from seed_scale import JOBS, Seeded  # noqa: E402
from web_load import (  # noqa: E402
    LUA,
    Server,
    app_env,
    check,
    drain,
    headers_for,
    login_cookie,
    postgres,
    print_table,
    seeded_db,
    targets,
    wrk,
)

from tests import pgserver  # noqa: E402

K = 20  # suggestions compared before and after an edit
INDEX_LINE = re.compile(r"^Matching index v(\d+) (built|stored|mapped)")
FOLD_LINE = re.compile(r"^Matching index v\d+: .* folded in")


class JobWorker:
    """``flask --app matchmaker worker`` on the seeded database, its log in a file."""

    def __init__(self, seeded: Seeded, index_dir: str, tmp: Path, name: str) -> None:
        self.log = tmp / f"worker-{name}.log"
        flask = str(Path(sys.executable).with_name("flask"))
        self.proc = subprocess.Popen(
            [flask, "--app", "matchmaker", "worker"],
            cwd=ROOT,
            env={**os.environ, **app_env(seeded, index_dir)},
            stdout=subprocess.DEVNULL,
            stderr=open(self.log, "wb"),  # noqa: SIM115
        )

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)


def records(path: Path) -> list[dict]:
    """The JSON log lines of a process (other lines, e.g. gunicorn's own, are skipped)."""
    out = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            record["t"] = datetime.fromisoformat(record["time"]).timestamp()
            out.append(record)
    return out


def index_events(path: Path) -> list[tuple[float, int, str]]:
    """(time, version, built|stored|mapped) of the index lines of one log."""
    found = []
    for record in records(path):
        match = INDEX_LINE.match(record.get("message", ""))
        if match:
            found.append((record["t"], int(match.group(1)), match.group(2)))
    return found


def api(base: str, path: str, token: str, body: dict | None = None, method: str = "GET"):
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def suggested(base: str, seeded: Seeded) -> list[tuple[int, float]]:
    """The bench organisation's top ``K`` partner suggestions on one host: (id, score)."""
    path = f"/api/v1/organisations/{seeded.org_id}/suggestions?k={K}"
    answer = api(base, path, seeded.api_token)
    return [(item["organisation"]["id"], item["score"]) for item in answer["items"]]


def new_needs(base: str, seeded: Seeded, used: set[str]) -> str:
    """The capabilities of an organisation of the largest cluster, as the bench
    organisation's new needs (a different text at each edit)."""
    path = f"/api/v1/organisations?cluster={urllib.parse.quote(seeded.cluster_slug)}"
    for item in reversed(api(base, path, seeded.api_token)["items"]):
        if item["id"] == seeded.org_id:
            continue
        text = api(base, f"/api/v1/organisations/{item['id']}", seeded.api_token)["capabilities"]
        if len(text.splitlines()) >= 3 and text not in used:
            return text
    raise RuntimeError("no organisation's capabilities to use as needs")


def wait_until(predicate, timeout: float, pause: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(pause)
    return False


def change_version(pg, seeded: Seeded) -> int:
    """The change log's newest id: the version of matching input after an edit."""
    dbname = seeded.url.rsplit("/", 1)[1]
    with psycopg.connect(pg.dsn(dbname)) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM profile_change").fetchone()[0]


@dataclass
class Edit:
    at: float  # time.time() of the edit's answer
    seconds: dict[str, float | None]  # host -> until its suggestions changed
    lists: dict[str, list]  # host -> its suggestions after the edit
    errors: dict[str, int] = field(default_factory=dict)  # host -> 5xx answers while polling


def edit_and_wait(hosts: list[Server], seeded: Seeded, used: set[str], timeout: float) -> Edit:
    """Change the bench organisation's needs through host A; seconds from the edit's answer
    until each host's suggestions changed (each poll is one API request)."""
    a = hosts[0]
    before = {h.base: suggested(h.base, seeded) for h in hosts}
    needs = new_needs(a.base, seeded, used)
    used.add(needs)
    api(
        a.base,
        f"/api/v1/organisations/{seeded.org_id}",
        seeded.api_token,
        {"needs": needs},
        "PATCH",
    )
    edit = Edit(time.time(), {h.base: None for h in hosts}, {})
    started = time.perf_counter()
    while None in edit.seconds.values() and time.perf_counter() - started < timeout:
        for host in hosts:
            if edit.seconds[host.base] is None:
                try:
                    now = suggested(host.base, seeded)
                except urllib.error.HTTPError as exc:  # e.g. gunicorn's timeout: counted
                    if exc.code < 500:
                        raise
                    edit.errors[host.base] = edit.errors.get(host.base, 0) + 1
                    continue
                if now != before[host.base]:
                    edit.seconds[host.base] = round(time.perf_counter() - started, 3)
                    edit.lists[host.base] = now
    return edit


def freshness(pg, hosts: list[Server], workers: list[JobWorker], seeded: Seeded, args) -> dict:
    """Edits through host A: seconds until each host's suggestions changed, whether both
    hosts then suggest the same; then until a job worker stored the (debounced) build that
    merges the last edit and each host mapped it, and whether the build suggests the same
    organisations as the fold did. The bench organisation keeps the last edit's needs."""
    out: dict = {"fold_s": {h.base: [] for h in hosts}, "same_on_both": [], "errors": []}
    used: set[str] = set()
    for _edit in range(args.edits):
        edit = edit_and_wait(hosts, seeded, used, 60)
        for base, seconds in edit.seconds.items():
            out["fold_s"][base].append(seconds)
        out["errors"].append(edit.errors)
        lists = list(edit.lists.values())
        out["same_on_both"].append(len(lists) == len(hosts) and all(x == lists[0] for x in lists))
    version = change_version(pg, seeded)

    def first(events, kind: str) -> float | None:
        times = [t for t, v, k in events if k == kind and v >= version]
        return min(times) if times else None

    def mapped_everywhere() -> bool:
        for host in hosts:
            suggested(host.base, seeded)  # a matching request maps a newer build
        return all(first(index_events(h.log), "mapped") for h in hosts)

    wait_until(mapped_everywhere, args.build_timeout, pause=1.0)
    stored = [t for t in (first(index_events(w.log), "stored") for w in workers) if t]
    out["build_stored_s"] = round(min(stored) - edit.at, 1) if stored else None
    out["mapped_s"] = {}
    for host in hosts:
        mapped = first(index_events(host.log), "mapped")
        out["mapped_s"][host.base] = None if mapped is None else round(mapped - edit.at, 1)
    # The build refits the vocabulary and weights: the fold's list may differ a little.
    folded = {i for i, _ in next(iter(edit.lists.values()), [])}
    out["build_overlap"] = {
        h.base: f"{len(folded & {i for i, _ in suggested(h.base, seeded)})} of {len(folded)}"
        for h in hosts
    }
    return out


def print_errors(processes) -> None:
    """The errors the hosts and job workers logged, and gunicorn's worker timeouts (their
    logs go with the temp dir)."""
    for process in processes:
        for record in records(process.log):
            if record.get("level") in ("ERROR", "CRITICAL"):
                print(f"{process.log.name}: {record['message']}\n{record.get('exception', '')}")
        for line in process.log.read_text(errors="replace").splitlines():
            if "WORKER TIMEOUT" in line or "[CRITICAL]" in line:  # gunicorn's own lines
                print(f"{process.log.name}: {line}")


def builds_in_requests(hosts: list[Server]) -> dict[str, dict[str, int]]:
    """Per host: index lines by kind; "built" and "stored" must be 0 (no build in a web
    worker), "folded" counts the edits folded into the mapped build."""
    out = {}
    for host in hosts:
        counts = {"built": 0, "stored": 0, "mapped": 0, "folded": 0}
        for _t, _v, kind in index_events(host.log):
            counts[kind] += 1
        counts["folded"] = sum(
            1 for r in records(host.log) if FOLD_LINE.match(r.get("message", ""))
        )
        out[host.base] = counts
    return out


def worker_builds(workers: list[JobWorker]) -> list[str]:
    lines = []
    for worker in workers:
        for record in records(worker.log):
            message = record.get("message", "")
            if INDEX_LINE.match(message) or "build_index" in message:
                lines.append(f"{worker.log.name}: {message}")
    return lines


def wrk_together(
    urls: list[str], headers: dict[str, str], seconds: int, connections: int, lua: Path
) -> list[dict]:
    """wrk against every url at the same time (one wrk thread each)."""
    results: list[dict] = [{} for _ in urls]

    def one(i: int) -> None:
        results[i] = wrk(urls[i], headers, seconds, connections, lua, 1)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not all(results):
        raise RuntimeError(f"wrk failed on one of {urls}")
    return results


def load(hosts: list[Server], seeded: Seeded, cookie: str, args, tmp: Path) -> list[dict]:
    """wrk on both hosts at once per page (half the connections each), ``--rounds`` times."""
    lua = tmp / "summary.lua"
    lua.write_text(LUA)
    pages = targets(seeded)
    if args.pages:
        pages = {k: v for k, v in pages.items() if k in args.pages or k == "ceiling"}
    first = {}
    for name, (path, auth) in pages.items():
        first[name] = max(
            check(h.base, path, headers_for(auth, cookie, seeded.api_token)) for h in hosts
        )
    per_host = max(1, args.connections // len(hosts))
    for path, auth in pages.values():  # every worker of both hosts warms up
        wrk_together(
            [h.base + path for h in hosts], headers_for(auth, cookie, seeded.api_token), 2, 4, lua
        )
        for host in hosts:
            drain(host.base, args.workers)
    runs: dict[str, list[list[dict]]] = {name: [] for name in pages}
    loads = [os.getloadavg()[0]]
    for _round in range(args.rounds):
        for name, (path, auth) in pages.items():
            headers = headers_for(auth, cookie, seeded.api_token)
            urls = [h.base + path for h in hosts]
            runs[name].append(wrk_together(urls, headers, args.duration, per_host, lua))
            for host in hosts:
                drain(host.base, args.workers)
        loads.append(os.getloadavg()[0])
    ceiling = statistics.median(sum(r["rps"] for r in rnd) for rnd in runs["ceiling"])
    rows = []
    for name, rounds in runs.items():
        rps = statistics.median(sum(r["rps"] for r in rnd) for rnd in rounds)

        def worst(key: str, rounds=rounds) -> float:
            return round(statistics.median(max(r[key] for r in rnd) for rnd in rounds) / 1000, 1)

        rows.append(
            {
                "db": "postgresql",
                "orgs": seeded.organisations,
                "workers": f"2x{args.workers}",
                "page": name,
                "rps": round(rps, 1),
                "p50_ms": worst("p50_us"),
                "p95_ms": worst("p95_us"),
                "p99_ms": worst("p99_us"),
                "of_ceiling": f"{100 * rps / ceiling:.1f} %",
                "errors": sum(r["bad_status"] + r["socket_errors"] for rnd in rounds for r in rnd),
                "first_ms": first[name],
                "load": "/".join(f"{x:.1f}" for x in loads),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="organisations")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn -w of each host")
    parser.add_argument("--edits", type=int, default=3, help="profile edits to time")
    parser.add_argument("--build-timeout", type=float, default=900, help="seconds for a build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=20, help="in all, split by host")
    parser.add_argument("--pages", default="", help="only these pages (and the ceiling)")
    parser.add_argument("--keep", help="keep the PostgreSQL server and seeded database here")
    parser.add_argument("--jobs", type=int, default=JOBS, help="seeding: search key processes")
    args = parser.parse_args()
    args.pages = [p for p in args.pages.split(",") if p]
    if args.edits < 1:
        parser.error("--edits must be at least 1")
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install wrk")
        return 1
    if not pgserver.available():
        print("PostgreSQL binaries not found")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="mm-twohosts-"))
    keep = Path(args.keep) if args.keep else tmp
    keep.mkdir(parents=True, exist_ok=True)
    pg = postgres(Path(args.keep) if args.keep else None)
    hosts: list[Server] = []
    workers: list[JobWorker] = []
    try:
        seeded, index_dir = seeded_db("postgresql", args.n, keep, pg, args.jobs)
        print(f"{seeded.organisations} organisations; index {index_dir}", flush=True)
        started = time.perf_counter()
        for name in ("1", "2"):  # appended one by one: a failed start stops those started
            workers.append(JobWorker(seeded, index_dir, tmp, name))
        for name in ("a", "b"):
            hosts.append(Server(seeded, args.workers, index_dir, tmp, name))
        print(f"2 hosts and 2 job workers up in {time.perf_counter() - started:.1f} s", flush=True)
        cookie = login_cookie(hosts[0].base, seeded.login_email, seeded.login_password)
        fresh = freshness(pg, hosts, workers, seeded, args)
        for base, seconds in fresh["fold_s"].items():
            print(f"edit in the suggestions of {base} after {seconds} s (each edit)", flush=True)
        print(f"both hosts suggest the same after each edit: {fresh['same_on_both']}")
        print(f"5xx answers while polling after each edit: {fresh['errors']}")
        print(
            f"build merging the last edit stored by a job worker {fresh['build_stored_s']} s "
            f"after it; mapped by the hosts after {fresh['mapped_s']} s; the build's top {K} "
            f"holds the fold's: {fresh['build_overlap']}",
            flush=True,
        )
        rows = load(hosts, seeded, cookie, args, tmp)
        in_requests = builds_in_requests(hosts)
        print(f"index lines in the hosts' logs: {in_requests}")
        built = sum(c["built"] + c["stored"] for c in in_requests.values())
        print(
            "no web worker built an index in a request"
            if built == 0
            else f"WEB WORKERS BUILT AN INDEX {built} times"
        )
        for line in worker_builds(workers):
            print(f"  {line}")
        print_errors([*hosts, *workers])
        print_table(rows)
        return 0 if built == 0 else 1
    except BaseException:
        print_errors([*hosts, *workers])
        raise
    finally:
        for process in (*hosts, *workers):
            process.stop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
