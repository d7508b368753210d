"""Matching speed on synthetic profiles: build, store, memory of two workers, top-10 latency.

For each size (default 10k, 100k, 1M) a subprocess first generates the profiles from word
lists (Finnish and English, inflected, compounded, Zipf-distributed) into a JSON-lines file
(its time is printed apart: it is not the build's), then fresh subprocesses:
  1. build: stream the profiles from that file into the index (as the app streams them from
     its database), its big arrays written to the build's files as they are made
     (``matching.index_spill``, as ``store.build`` does), prune its postings and store it
     (``matching.store``), printing build and store time, the build's CPU seconds, peak RSS
     of the building process (and of its forked analysis workers) and the stored size;
  2. serve: two worker processes map the stored index at once and answer top-10 partner
     suggestions with reasons (the fast path of ``matching.candidates`` above 20,000
     profiles, its depths grown with the index: ``Pruning``), printing query median and
     p95, recall@10 of the fast path against the exact top 10 (exact scoring of everyone,
     on each worker's own sample of organisations; the mean over both samples), and each
     worker's RSS and PSS read from /proc/<pid>/smaps_rollup while both are alive (PSS
     splits shared pages between them);
  3. naive (sizes <= --naive-max): fit a vectorizer on all texts and take cosines on every
     request, the baseline.

Goals (issue 14): at 1,000,000 profiles build < 10 min, top-10 < 50 ms median, memory of the
host's workers < 4 GB (the mapped index is one copy: PSS x workers), and (so that a host that
also runs the build job stays under 4 GB) the build's peak RSS < 3.5 GB, with recall@10 of
the fast path >= 0.95. Note the load average printed beside the figures: the machine is shared.

Run: .venv/bin/python benchmarks/matching_speed.py [--sizes 10000,100000,1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker.matching import Profile, ProfileIndex, store, suggest  # noqa: E402
from matchmaker.matching.candidates import DEFAULT_PRUNING, prune  # noqa: E402
from matchmaker.matching.packed import profile_from, profile_json  # noqa: E402

FI_ROOTS = """laiva potkuri akseli linja teräs rakenne lohko runko hitsaus koneistus valu
sähkö akku automaatio ohjaus valvonta ilmanvaihto ilmastointi eristys palo lämpö kylmä testaus
saha puru kuori hake pelletti tuhka hiili kuitu liete sellu kaasu lannoite komposiitti maa tie
kaivos kone huolto hydrauliikka kuljetus logistiikka talvi rengas moottori kelkka ajoneuvo
suunnittelu asennus laite järjestelmä putki venttiili pumppu moottori vaihde laakeri tiiviste
levy profiili leikkaus maali pinta korroosio suoja kaapeli muuntaja generaattori invertteri
energia voima lämpö höyry kattila polttoaine metsä puu kuusi mänty koivu paperi kartonki
muovi kumi lasi betoni kivi sora hiekka vesi jäte kierrätys biokaasu biohiili pyrolyysi
tutkimus kehitys koulutus rahoitus vienti markkina messu osasto yhteistyö projekti""".split()
FI_SUFFIXES = ["", "", "", "t", "n", "a", "ja", "jen", "ssa", "sta", "lla", "ksi", "ille", "ita"]
EN_ROOTS = """ship propeller shaft line steel structure block hull welding machining casting
electric battery automation control monitoring ventilation conditioning insulation fire heat
cold testing sawmill sawdust bark chips pellet ash carbon fibre sludge pulp gas fertiliser
composite soil road mine machine maintenance hydraulic transport logistics winter tyre engine
vehicle design installation device system pipe valve pump gear bearing seal plate profile
cutting paint surface corrosion protection cable transformer generator inverter energy power
steam boiler fuel forest wood spruce pine birch paper board plastic rubber glass concrete
stone gravel sand water waste recycling biogas biochar pyrolysis research development training
finance export market fair stand cooperation project""".split()
EN_SUFFIXES = ["", "", "", "s", "ing", "ed", "er", "ers"]
FI_FILLER = "ja on sekä että myös tai meidän kanssa joka jotka tarjoamme etsimme".split()
EN_FILLER = "and the of for with to in our we are also which that offer need".split()


def make_vocab(seed: int = 7) -> dict[str, list[str]]:
    """Word forms per language: roots, inflections and two-root compounds (Finnish)."""
    rng = random.Random(seed)
    fi = [r + s for r in FI_ROOTS for s in FI_SUFFIXES]
    fi += [a + b + rng.choice(FI_SUFFIXES) for a in FI_ROOTS for b in rng.sample(FI_ROOTS, 40)]
    en = [r + s for r in EN_ROOTS for s in EN_SUFFIXES]
    en += [f"{a}{b}" for a in EN_ROOTS for b in rng.sample(EN_ROOTS, 5)]
    rng.shuffle(fi)  # so that Zipf ranks do not follow the order of the lists
    rng.shuffle(en)
    return {"fi": fi, "en": en}


def make_text(
    rng: np.random.Generator, words: list[str], filler: list[str], lo: int, hi: int
) -> str:
    """lo..hi Zipf-chosen content words plus a third as many stop words, shuffled."""
    m = int(rng.integers(lo, hi + 1))
    idx = np.minimum(rng.zipf(1.3, size=m) - 1, len(words) - 1)
    toks = [words[int(j)] for j in idx]
    toks += [filler[int(j)] for j in rng.integers(0, len(filler), size=m // 3)]
    rng.shuffle(toks)
    return " ".join(toks)


def make_profiles(n: int, seed: int = 11) -> list[Profile]:
    """n synthetic profiles, 70 % Finnish; Zipf word choice gives realistic document freqs."""
    return list(iter_profiles(n, seed))


def iter_profiles(n: int, seed: int = 11) -> Iterator[Profile]:
    """``make_profiles`` one at a time (the build streams them: none is kept as an object)."""
    rng = np.random.default_rng(seed)
    vocab = make_vocab()
    regions = [f"region{r}" for r in range(19)]
    markets = ["Norway", "Sweden", "Germany", "Japan", "Canada", "Denmark", "Estonia", "USA"]
    for i in range(n):
        lang = "fi" if rng.random() < 0.7 else "en"
        words = vocab[lang]
        filler = FI_FILLER if lang == "fi" else EN_FILLER

        def text(lo: int, hi: int, words: list[str] = words, filler: list[str] = filler) -> str:
            return make_text(rng, words, filler, lo, hi)

        has_side = rng.random() < 0.3
        yield Profile(
            id=i + 1,
            about=text(30, 80),
            offers=text(10, 30),
            needs=text(10, 30),
            side_offered=text(2, 8) if has_side else "",
            side_wanted=text(2, 8) if rng.random() < 0.2 else "",
            markets=frozenset(rng.choice(markets, size=int(rng.integers(0, 3)), replace=False)),
            region=regions[int(rng.integers(0, len(regions)))],
            clusters=frozenset({int(rng.integers(1, 6))}),
            name=f"Org {i + 1}",
        )


def write_corpus(n: int, path: str) -> None:
    """The ``n`` synthetic profiles as JSON lines (what the build and the baseline read)."""
    with open(path, "wb") as fh:
        for p in iter_profiles(n):
            fh.write(profile_json(p) + b"\n")


def read_corpus(path: str) -> Iterator[Profile]:
    """The profiles of ``write_corpus``, one at a time."""
    with open(path, "rb") as fh:
        for line in fh:
            yield profile_from(line)


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux: ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def smaps(pid: int) -> dict[str, float]:
    """Rss and Pss of a process in MB (Pss: shared pages divided among their sharers)."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss", "Shared_Clean", "Private_Dirty"):
            out[name] = int(rest.split()[0]) / 1024
    return out


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def naive_query(profiles: list[Profile], org_pos: int, k: int = 10) -> list[int]:
    """The naive approach: fit a vectorizer on all texts and take cosines, per request."""
    texts = [
        " ".join((p.about, p.offers, p.needs, p.side_offered, p.side_wanted)) for p in profiles
    ]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    sims = (matrix @ matrix[org_pos].T).toarray().ravel()
    sims[org_pos] = -1
    top = np.argpartition(-sims, k)[:k]
    return [profiles[j].id for j in top[np.argsort(-sims[top], kind="stable")]]


def child_generate(size: int, path: str) -> dict:
    t0 = time.perf_counter()
    write_corpus(size, path)
    return {"generate_s": time.perf_counter() - t0, "corpus_mb": os.path.getsize(path) / 2**20}


def child_build(corpus: str, directory: str, workers: int) -> dict:
    who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    cpu0 = sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, who))
    t0 = time.perf_counter()
    # As ``store.build`` (the app's build job) does it, in steps timed apart: the big arrays
    # go to the build's files as they are made.
    spill = store.workdir(directory)
    index = ProfileIndex.build(read_corpus(corpus), workers=workers, spill=spill)
    build_s = time.perf_counter() - t0
    # CPU seconds of the build and its worker processes (reading the corpus file included)
    build_cpu_s = sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, who)) - cpu0
    t0 = time.perf_counter()
    prune(index)
    prune_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    path = store.save(index, directory, version=1)
    save_s = time.perf_counter() - t0
    return {
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "load_avg": os.getloadavg()[0],
        "prune_s": prune_s,
        "save_s": save_s,
        "peak_rss_mb": rss_mb(),
        # the largest of the forked analysis workers (they live during the second pass)
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "store_mb": du_mb(path),
        "terms": index.n_word_features,
        "nnz": int(sum(m.nnz for m in index.matrices.values())),
    }


def child_serve(directory: str, queries: int, recall_queries: int, seed: int) -> dict:
    t0 = time.perf_counter()
    index, _ = store.load(directory, verify=False)
    load_s = time.perf_counter() - t0
    rng = random.Random(seed)  # each worker its own sample of organisations
    ids = index.ids.tolist()
    suggest(index, ids[0], k=10)  # first request: per-index caches
    lat, cpu = [], []
    for org in rng.sample(ids, min(queries, len(ids))):
        t, c = time.perf_counter(), time.process_time()
        suggest(index, org, k=10)
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)  # what a busy machine distorts less
    recalls, exact_ms = [], []
    fast = len(index) >= DEFAULT_PRUNING.min_profiles
    for org in rng.sample(ids, min(recall_queries, len(ids))):
        t = time.perf_counter()
        exact = {s.id for s in suggest(index, org, k=10, fast=False, with_reasons=False)}
        exact_ms.append((time.perf_counter() - t) * 1000)
        found = {s.id for s in suggest(index, org, k=10, fast=True, with_reasons=False)}
        if exact:
            recalls.append(len(exact & found) / len(exact))
    return {
        "load_s": load_s,
        "fast": fast,
        "query_median_ms": float(np.median(lat)),
        "query_p95_ms": float(np.percentile(lat, 95)),
        "query_cpu_median_ms": float(np.median(cpu)),
        "exact_median_ms": float(np.median(exact_ms)),
        "recall_at_10": float(np.mean(recalls)) if recalls else float("nan"),
        "recalls": recalls,
        "candidates": DEFAULT_PRUNING.candidate_limit(len(index)),
        "depth": DEFAULT_PRUNING.depth(len(index)),
    }


def child_naive(corpus: str) -> dict:
    profiles = list(read_corpus(corpus))
    size = len(profiles)
    rng = random.Random(3)
    naive = []
    for pos in rng.sample(range(size), 3 if size <= 10_000 else 1):
        t = time.perf_counter()
        naive_query(profiles, pos)
        naive.append((time.perf_counter() - t) * 1000)
    return {"naive_median_ms": float(np.median(naive))}


def run_child(*args: str) -> dict:
    cmd = [sys.executable, __file__, *args]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def kept_run(kept: str | None, *args: str) -> dict:
    """``run_child``, its figures kept in the file ``kept`` and reused when it exists
    (``--keep``: the corpus and the build of an earlier run, only serving measured anew)."""
    if kept and os.path.exists(kept):
        with open(kept) as fh:
            return {**json.load(fh), "kept": True}
    out = run_child(*args)
    if kept:
        with open(kept, "w") as fh:
            json.dump(out, fh)
    return out


def serve_two(directory: str, queries: int, recall_queries: int) -> list[dict]:
    """Two workers on one stored index; memory is read while both are alive."""
    cmd = [sys.executable, __file__, "--child-serve", directory, "--queries", str(queries)]
    cmd += ["--recall-queries", str(recall_queries)]
    procs = [
        subprocess.Popen(
            [*cmd, "--seed", str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for seed in (3, 4)
    ]
    results = []
    for p in procs:
        assert p.stdout is not None
        results.append(json.loads(p.stdout.readline()))
    for p, r in zip(procs, results, strict=True):
        r.update(smaps(p.pid))
    for p in procs:
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall-queries", type=int, default=30)
    parser.add_argument("--naive-max", type=int, default=100_000)
    parser.add_argument("--build-workers", type=int, default=2, help="processes of the build")
    parser.add_argument(
        "--keep",
        help="keep each size's corpus, stored index and build figures in this directory and "
        "reuse them when a later run finds them (then only serving is measured again)",
    )
    parser.add_argument("--child-generate", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-serve", help=argparse.SUPPRESS)
    parser.add_argument("--child-naive", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_generate:
        size, path = int(args.child_generate[0]), args.child_generate[1]
        print(json.dumps(child_generate(size, path)))
        return 0
    if args.child_build:
        corpus, directory = args.child_build
        print(json.dumps(child_build(corpus, directory, args.build_workers)))
        return 0
    if args.child_serve:
        print(
            json.dumps(child_serve(args.child_serve, args.queries, args.recall_queries, args.seed))
        )
        sys.stdout.flush()
        sys.stdin.read()  # stay alive (index mapped) until the parent has read our memory
        return 0
    if args.child_naive:
        print(json.dumps(child_naive(args.child_naive)))
        return 0
    print(
        f"{'size':>8} {'terms':>7} {'nnz':>11} {'build s':>8} {'+store s':>8} {'peak MB':>8} "
        f"{'disk MB':>8} {'load s':>7} {'RSS MB':>7} {'PSS MB':>7} {'q med ms':>9} "
        f"{'q p95 ms':>9} {'exact ms':>9} {'recall':>7} {'naive ms':>9}",
        flush=True,
    )
    ok = True
    for size in (int(s) for s in args.sizes.split(",")):
        if args.keep:
            work = os.path.join(args.keep, str(size))
            os.makedirs(work, exist_ok=True)
        else:
            work = tempfile.mkdtemp(prefix="matching-speed-")
        corpus, directory = os.path.join(work, "corpus.jsonl"), os.path.join(work, "index")
        kept = {name: os.path.join(work, f"{name}.json") for name in ("generate", "build")}
        try:
            g = kept_run(kept["generate"], "--child-generate", str(size), corpus)
            b = kept_run(
                kept["build"],
                *("--child-build", corpus, directory, "--build-workers", str(args.build_workers)),
            )
            workers = serve_two(directory, args.queries, args.recall_queries)
            naive = run_child("--child-naive", corpus) if size <= args.naive_max else None
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        if b.get("kept"):
            print(f"{'':>8} (corpus and build kept from an earlier run: {args.keep})")
        w = workers[0]
        med = float(np.median([x["query_median_ms"] for x in workers]))
        p95 = float(np.median([x["query_p95_ms"] for x in workers]))
        recalls = [r for x in workers for r in x["recalls"]]
        recall = float(np.mean(recalls)) if recalls else float("nan")
        naive_s = f"{naive['naive_median_ms']:>9.1f}" if naive else f"{'-':>9}"
        print(
            f"{size:>8} {b['terms']:>7} {b['nnz']:>11} {b['build_s'] + b['prune_s']:>8.1f} "
            f"{b['save_s']:>8.1f} {b['peak_rss_mb']:>8.0f} {b['store_mb']:>8.0f} "
            f"{w['load_s']:>7.2f} {w['Rss']:>7.0f} {w['Pss']:>7.0f} {med:>9.2f} {p95:>9.2f} "
            f"{w['exact_median_ms']:>9.1f} {recall:>7.3f} {naive_s}",
            flush=True,
        )
        print(
            f"{'':>8} two workers: RSS {workers[0]['Rss']:.0f} + {workers[1]['Rss']:.0f} MB, "
            f"PSS {workers[0]['Pss']:.0f} + {workers[1]['Pss']:.0f} MB (host total), "
            f"query CPU median {w['query_cpu_median_ms']:.1f} ms; "
            f"fast path {'on' if w['fast'] else 'off'} ({w['depth']} postings per term, "
            f"{w['candidates']} candidates, recall@10 over {len(recalls)} organisations); "
            f"build's analysis workers peaked at {b['worker_peak_mb']:.0f} MB each; "
            f"build {b['build_cpu_s']:.0f} CPU s "
            f"(reading the corpus file included; generating it took {g['generate_s']:.0f} s "
            f"before, {g['corpus_mb']:.0f} MB, not counted), "
            f"load average {b['load_avg']:.1f} at the build's end, "
            f"{os.getloadavg()[0]:.1f} after the queries",
            flush=True,
        )
        if size >= 1_000_000:
            host_mb = workers[0]["Pss"] + workers[1]["Pss"]
            ok &= b["build_s"] + b["prune_s"] < 600 and med < 50 and host_mb < 4096
            ok &= b["peak_rss_mb"] < 3584 and recall >= 0.95
    print("goals met:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
