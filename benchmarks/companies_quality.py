"""Matching quality on real company text nobody on the team wrote (evaldata companies_dev.csv).

Each company's English business summary (its own name masked) is its profile. For every
company all others are ranked and scored with P@10 and MRR, relevant = same ``industry``:
  - plain TF-IDF: ``TfidfVectorizer()`` + cosine;
  - tuned TF-IDF: ``TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2,
    ngram_range=(1, 2))`` + cosine (the evaldata README's reference: 0.566 / 0.739);
  - the pipeline's "similar organisations" (``matching.similar`` over the index);
  - the pipeline's free-text query (``matching.query`` with the summary as the text).
The data is read from ``../shared/evaldata/`` at run time and never copied into the project.

Run: .venv/bin/python benchmarks/companies_quality.py [--data PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker.matching import IndexConfig, Profile, ProfileIndex, query, similar  # noqa: E402
from matchmaker.matching.analysis import analyse_in  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EVALDATA_ENV = "MATCHMAKER_EVALDATA"  # a folder, when it is not ../shared/evaldata


def default_data() -> Path:
    """``$MATCHMAKER_EVALDATA/companies_dev.csv``, else ``../shared/evaldata/`` beside the
    checkout (or beside the folder of worktrees the checkout sits in)."""
    if os.environ.get(EVALDATA_ENV):
        return Path(os.environ[EVALDATA_ENV]) / "companies_dev.csv"
    candidates = [base / "shared" / "evaldata" / "companies_dev.csv" for base in ROOT.parents]
    return next((c for c in candidates[:2] if c.exists()), candidates[0])


GOAL = 1.10  # the pipeline must be at least 10 % above the tuned baseline on both metrics
Ranker = Callable[[int], list[int]]  # row -> every other row, best first


def mask_name(name: str, summary: str) -> str:
    """The summary without the company's own name (whole name, case-insensitive)."""
    if not name.strip():
        return summary
    return re.sub(re.escape(name.strip()), " ", summary, flags=re.IGNORECASE)


def load(
    path: Path, limit: int | None = None, label: str = "industry"
) -> tuple[list[str], list[str]]:
    """Masked summaries and the ``label`` column (industry, industry_group, sector)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if limit:
        rows = rows[:limit]
    return [mask_name(r["name"], r["summary"]) for r in rows], [r[label] for r in rows]


def tfidf_ranker(texts: list[str], vectorizer: TfidfVectorizer) -> Ranker:
    matrix = vectorizer.fit_transform(texts).tocsr()
    order_ids = np.arange(len(texts))

    def rank(i: int) -> list[int]:
        sims = (matrix @ matrix[i].T).toarray().ravel()
        order = np.lexsort((order_ids, -sims))
        return [int(j) for j in order if j != i]

    return rank


def plain_baseline(texts: list[str]) -> Ranker:
    return tfidf_ranker(texts, TfidfVectorizer())


def tuned_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, ngram_range=(1, 2))


def tuned_baseline(texts: list[str]) -> Ranker:
    return tfidf_ranker(texts, tuned_vectorizer())


def _complete(found: list[int], i: int, n: int) -> list[int]:
    """The pipeline returns only positive scores: append the rest in id order (no credit
    is lost or gained for a relevant item it found nothing for; MRR counts it late)."""
    seen = set(found)
    return found + [j for j in range(n) if j != i and j not in seen]


def index_for(texts: list[str], config: IndexConfig | None = None) -> ProfileIndex:
    return ProfileIndex.build([Profile(id=i, about=t) for i, t in enumerate(texts)], config)


def similar_ranker(index: ProfileIndex) -> Ranker:
    n = len(index)
    return lambda i: _complete([j for j, _ in similar(index, i, k=n)], i, n)


def query_ranker(index: ProfileIndex, texts: list[str]) -> Ranker:
    n = len(index)

    def rank(i: int) -> list[int]:
        return _complete([j for j, _ in query(index, texts[i], k=n) if j != i], i, n)

    return rank


def per_row(rank: Ranker, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """P@10 and reciprocal rank per company (NaN for one alone in its industry)."""
    p10 = np.full(len(labels), np.nan)
    rr = np.full(len(labels), np.nan)
    for i, label in enumerate(labels):
        hits = np.array([labels[j] == label for j in rank(i)])
        if hits.any():
            p10[i] = hits[:10].mean()
            rr[i] = 1.0 / (int(np.argmax(hits)) + 1)
    return p10, rr


def evaluate(rank: Ranker, labels: list[str]) -> dict[str, float]:
    """Mean P@10 and MRR over every company that has another of its industry."""
    p10, rr = per_row(rank, labels)
    return {"P@10": float(np.nanmean(p10)), "MRR": float(np.nanmean(rr))}


Rows = tuple[np.ndarray, np.ndarray]


def _means(rows: Rows, subset: np.ndarray | None = None) -> dict[str, float]:
    """Mean P@10, MRR and top-1 (share of companies whose best-ranked other is of their
    industry: what MRR >= 0.813 mostly asks for)."""
    p10, rr = rows if subset is None else (rows[0][subset], rows[1][subset])
    top1 = np.where(np.isnan(rr), np.nan, rr == 1.0)
    return {
        "P@10": float(np.nanmean(p10)),
        "MRR": float(np.nanmean(rr)),
        "top-1": float(np.nanmean(top1)),
    }


def _line(name: str, out: dict[str, float], tuned: dict[str, float] | None) -> None:
    ratio = ""
    if tuned:
        ratio = "  " + " ".join(f"{out[m] / tuned[m]:.3f}x" for m in ("P@10", "MRR"))
    print(f"{name:<52} {out['P@10']:.3f}  {out['MRR']:.3f}  {out['top-1']:.3f}{ratio}", flush=True)


def report(name: str, rank: Ranker, labels: list[str], tuned=None) -> dict[str, float]:
    out = _means(per_row(rank, labels))
    _line(name, out, tuned)
    return out


def split(n: int, seed: int = 0) -> np.ndarray:
    """A fixed random half of the rows (True: the tuning half; False: held out)."""
    half = np.zeros(n, dtype=bool)
    half[np.random.default_rng(seed).permutation(n)[: n // 2]] = True
    return half


# Settings of the pipeline tried (the first is the default). Reduced vectors: dims, weight;
# pseudo-relevance feedback: k best hits, weight.
SPARSE_ONLY = IndexConfig(reduced_dims=0)
GRID = {
    "LSA 150 dims, weight 0.3 (default)": IndexConfig(),
    "sparse cosine only (no LSA, before)": SPARSE_ONLY,
    "LSA 100 dims, weight 0.3": IndexConfig(reduced_dims=100),
    "LSA 200 dims, weight 0.3": IndexConfig(reduced_dims=200),
    "LSA 150 dims, weight 0.5": IndexConfig(reduced_weight=0.5),
    "LSA 150 dims, weight 0.7": IndexConfig(reduced_weight=0.7),
    "Rocchio PRF k=5, 0.5 (no LSA)": IndexConfig(reduced_dims=0, feedback_k=5),
    "Rocchio PRF k=5, 0.5 + LSA 150/0.3": IndexConfig(feedback_k=5),
    "Rocchio PRF k=3, 1.0 + LSA 150/0.3": IndexConfig(feedback_k=3, feedback_weight=1.0),
    "Rocchio PRF k=10, 0.5 + LSA 150/0.3": IndexConfig(feedback_k=10),
    "no compound split": IndexConfig(compound_split=False),
    "part weight 0.3": IndexConfig(part_weight=0.3),
}


def supervised_ceiling(
    texts: list[str], labels: list[str], folds: int = 5
) -> tuple[Ranker, Ranker]:
    """References, not rankers we ship: how far the labels would take a ranking. A linear
    classifier (LinearSVC) on the tuned baseline's TF-IDF features is trained on the other
    folds (stratified, ``folds``-fold), so a company's own label is never seen in training;
    the others' labels are (a labelled gallery). Two rankings of the others:
      - predicted industry first: by the classifier's score for their industry, ties by
        the tuned cosine (top-1 is then the classifier's accuracy);
      - cosine + class probability: tuned cosine + softmax(scores / 0.3) of their industry,
        the blend that was best for MRR on the tuning half (it keeps the cosine's order
        inside an industry and among industries the classifier cannot tell apart)."""
    matrix = tuned_vectorizer().fit_transform(texts).tocsr()
    classes, y = np.unique(np.array(labels), return_inverse=True)
    decision = np.full((len(texts), len(classes)), -np.inf)
    with warnings.catch_warnings():  # industries of fewer than ``folds`` companies
        warnings.filterwarnings("ignore", message="The least populated class")
        splits = StratifiedKFold(folds, shuffle=True, random_state=0).split(matrix, y)
        for train, test in splits:
            model = LinearSVC(C=1.0).fit(matrix[train], y[train])
            decision[np.ix_(test, model.classes_)] = model.decision_function(matrix[test])
    soft = np.exp((decision - decision.max(axis=1, keepdims=True)) / 0.3)
    soft /= soft.sum(axis=1, keepdims=True)
    order_ids = np.arange(len(texts))

    def ranker(blend: bool) -> Ranker:
        def rank(i: int) -> list[int]:
            cos = (matrix @ matrix[i].T).toarray().ravel()
            keys = (order_ids, -(cos + soft[i, y])) if blend else (order_ids, -cos, -decision[i, y])
            return [int(j) for j in np.lexsort(keys) if j != i]

        return rank

    return ranker(False), ranker(True)


def run(path: Path | None = None, limit: int | None = None, variants: bool = False) -> bool:
    """Print every ranker's figures; True when the pipeline meets the goal on both metrics."""
    path = path or default_data()
    texts, labels = load(path, limit)
    print(f"{len(texts)} companies, {len(set(labels))} industries ({path.name});", _load())
    print(f"{'ranker (all companies)':<52} P@10   MRR    top-1  / tuned TF-IDF")
    rows: dict[str, Rows] = {}
    rows["plain TF-IDF  TfidfVectorizer()"] = per_row(plain_baseline(texts), labels)
    rows[TUNED] = per_row(tuned_baseline(texts), labels)
    index = index_for(texts)
    rows[PIPELINE] = per_row(similar_ranker(index), labels)
    rows["pipeline: free-text query"] = per_row(query_ranker(index, texts), labels)
    tuned, pipe = _means(rows[TUNED]), _means(rows[PIPELINE])
    for name, got in rows.items():
        _line(name, _means(got), None if name.startswith(("plain", "tuned")) else tuned)
    print("references, not rankers we ship (LinearSVC on the tuned features, 5-fold):")
    for name, rank in zip(CEILINGS, supervised_ceiling(texts, labels), strict=True):
        rows[name] = per_row(rank, labels)
        _line(name, _means(rows[name]), tuned)
    _halves(rows, len(texts))
    if variants:
        _variants(texts, labels, rows[TUNED], rows[PIPELINE])
        _weightings(texts, labels, index, tuned)
        _coarser(path, limit, index, tuned_baseline(texts))
        _reciprocal(index, labels, rows[PIPELINE], rows[TUNED])
    meets = all(pipe[m] >= GOAL * tuned[m] for m in ("P@10", "MRR"))
    ratio = " ".join(f"{m} {pipe[m] / tuned[m]:.3f}x" for m in ("P@10", "MRR"))
    print(
        f"similar organisations vs tuned TF-IDF: {ratio}; goal >= {GOAL:.2f}x on both:",
        "yes" if meets else "NO",
    )
    return meets


TUNED = "tuned TF-IDF  (sublinear, stop, min_df=2, 1-2)"
PIPELINE = "pipeline: similar organisations"
CEILINGS = ("  supervised: predicted industry first", "  supervised: cosine + class probability")


def _halves(rows: dict[str, Rows], n: int) -> None:
    """The same rankers on the tuning half and on the held-out half of the companies (the
    split ``--variants`` chooses settings on)."""
    half = split(n)
    for part, subset in (("tuning half", half), ("held-out half", ~half)):
        print(f"{part} ({int(subset.sum())} companies)")
        tuned = _means(rows[TUNED], subset)
        for name, got in rows.items():
            if not name.startswith("plain"):
                _line(f"  {name}", _means(got, subset), None if got is rows[TUNED] else tuned)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f}"


def _variants(texts: list[str], labels: list[str], tuned_rows: Rows, pipe_rows: Rows) -> None:
    """Every pipeline setting tried, on all rows; then the held-out check: the setting that
    is best on the tuning half (sum of both ratios), reported on the other half."""
    half = split(len(texts))
    results: dict[str, Rows] = {next(iter(GRID)): pipe_rows}
    print(f"pipeline similar organisations, settings tried {'':<16} P@10   MRR   / tuned")
    for name, config in GRID.items():
        if name not in results:
            results[name] = per_row(similar_ranker(index_for(texts, config)), labels)
        _line(f"  {name}", _means(results[name]), _means(tuned_rows))
    tune_t, held_t = _means(tuned_rows, half), _means(tuned_rows, ~half)

    def gain(name: str) -> float:
        out = _means(results[name], half)
        return sum(out[m] / tune_t[m] for m in ("P@10", "MRR"))

    best = max(results, key=gain)
    print(f"held-out check: {int(half.sum())} tuning rows, {int((~half).sum())} held out")
    for part, subset, base in (("tuning half", half, tune_t), ("held-out half", ~half, held_t)):
        _line(f"  tuned TF-IDF, {part}", base, None)
        for name in dict.fromkeys(["sparse cosine only (no LSA, before)", best, next(iter(GRID))]):
            _line(f"  {name}, {part}", _means(results[name], subset), base)
    print(f"  best on the tuning half: {best}")


def k_reciprocal(sim: np.ndarray, k1: int, k2: int, lam: float) -> np.ndarray:
    """Re-ranking by k-reciprocal encoding (Zhong et al., CVPR 2017) of a similarity matrix:
    a row's neighbourhood is its mutual top-``k1`` neighbours, widened by those of their own
    mutual top-``k1 / 2`` that mostly lie inside it, weighted by exp(-distance) and averaged
    over the row's ``k2`` nearest (query expansion); the new distance is
    (1 - lam) * Jaccard distance of two neighbourhoods + lam * (1 - sim)."""
    n = len(sim)
    s = sim.astype(np.float64, copy=True)
    np.fill_diagonal(s, np.inf)  # each row is its own first neighbour, as in the paper
    order = np.argsort(-s, axis=1, kind="stable")
    np.fill_diagonal(s, 1.0)
    dist = 1.0 - s
    rows = np.arange(n)[:, None]

    def mutual(k: int) -> np.ndarray:
        member = np.zeros((n, n), dtype=bool)
        member[rows, order[:, : k + 1]] = True
        return member & member.T

    wide, narrow = mutual(k1), mutual(int(round(k1 / 2)))
    v = np.zeros((n, n))
    for p in range(n):
        keep = wide[p].copy()
        for q in np.flatnonzero(wide[p]):
            inner = np.flatnonzero(narrow[q])
            if np.count_nonzero(wide[p, inner]) > 2 / 3 * inner.size:
                keep[inner] = True
        w = np.exp(-dist[p, keep])
        v[p, keep] = w / w.sum()
    if k2 > 1:
        expand = sp.csr_matrix(
            (np.full(n * k2, 1.0 / k2), order[:, :k2].ravel(), np.arange(0, n * k2 + 1, k2)),
            shape=(n, n),
        )
        v = expand @ v
    cols = sp.csc_matrix(v)
    common = np.zeros((n, n))
    for c in range(n):
        r = cols.indices[cols.indptr[c] : cols.indptr[c + 1]]
        x = cols.data[cols.indptr[c] : cols.indptr[c + 1]]
        common[np.ix_(r, r)] += np.minimum(x[:, None], x[None, :])
    total = v.sum(axis=1)
    jaccard = 1.0 - common / np.maximum(total[:, None] + total[None, :] - common, 1e-12)
    return 1.0 - ((1.0 - lam) * jaccard + lam * dist)


def _dense_ranker(scores: np.ndarray) -> Ranker:
    order_ids = np.arange(len(scores))
    return lambda i: [int(j) for j in np.lexsort((order_ids, -scores[i])) if j != i]


RECIPROCAL = [(20, 1, 0.7), (20, 1, 0.8), (20, 6, 0.7), (20, 6, 0.5), (10, 1, 0.7), (30, 3, 0.7)]


def _reciprocal(index: ProfileIndex, labels: list[str], pipe_rows: Rows, tuned_rows: Rows) -> None:
    """k-reciprocal re-ranking of the pipeline's own scores (every pair, so an index-wide
    neighbour graph): each setting on the tuning half and on the held-out half."""
    n = len(index)
    sim = np.zeros((n, n))
    for i in range(n):
        for j, score in similar(index, i, k=n):
            sim[i, j] = score
    half = split(n)
    print(f"k-reciprocal re-ranking of similar organisations {'':<4} P@10   MRR    top-1  / tuned")
    for part, subset in (("tuning half", half), ("held-out half", ~half)):
        _line(f"  pipeline, {part}", _means(pipe_rows, subset), _means(tuned_rows, subset))
    for k1, k2, lam in RECIPROCAL:
        got = per_row(_dense_ranker(k_reciprocal(sim, k1, k2, lam)), labels)
        for part, subset in (("tune", half), ("held-out", ~half)):
            name = f"  k1 {k1}, k2 {k2}, lambda {lam}, {part}"
            _line(name, _means(got, subset), _means(tuned_rows, subset))


def _weightings(texts: list[str], labels: list[str], index: ProfileIndex, tuned) -> None:
    """Term weightings of the pipeline's own keys (sparse cosine, no LSA): sublinear TF-IDF
    as the index has it, BM25, a weaker IDF, a document-frequency stop list, key bigrams."""
    keys = []
    for i, t in enumerate(texts):
        read = analyse_in(t, index.langs_of(i))
        keys.append([k for k, _, _ in read])
    counts = CountVectorizer(analyzer=lambda x: x).fit_transform(keys).astype(np.float64)
    bigrams = CountVectorizer(
        analyzer=lambda x: x + [f"{a} {b}" for a, b in zip(x, x[1:], strict=False)], min_df=2
    ).fit_transform(keys)
    n = counts.shape[0]
    print(f"term weighting of the pipeline's keys (sparse cosine) {'':<9} P@10   MRR   / tuned")
    for name, matrix in {
        "sublinear tf x smooth idf (the index's)": _weigh(counts, n),
        "BM25 tf (k1 1.2, b 0.75) x BM25 idf": _weigh(counts, n, bm25=True, idf="bm25"),
        "BM25 tf (k1 1.2, b 0.75) x smooth idf": _weigh(counts, n, bm25=True),
        "sublinear tf x smooth idf^0.75": _weigh(counts, n, power=0.75),
        "sublinear tf x smooth idf, df > 20 % dropped": _weigh(counts, n, drop=0.2),
        "binary tf x smooth idf": _weigh(counts.sign(), n),
        "+ key bigrams (min_df 2)": _weigh(bigrams.astype(np.float64), n),
    }.items():
        report(f"  {name}", _matrix_ranker(matrix), labels, tuned)


def _weigh(counts, n: int, bm25: bool = False, idf: str = "smooth", power=1.0, drop=None):
    x = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.float64)
    if bm25:
        length = np.asarray(x.sum(axis=1)).ravel()
        rel = np.repeat(length / length.mean(), np.diff(x.indptr))
        x.data = x.data * 2.2 / (x.data + 1.2 * (0.25 + 0.75 * rel))
    else:
        x.data = 1 + np.log(x.data)
    if idf == "bm25":
        w = np.log(1 + (n - df + 0.5) / (df + 0.5))
    else:
        w = (np.log((1 + n) / (1 + df)) + 1) ** power
    if drop is not None:
        w[df > drop * n] = 0.0
    return normalize(x @ sp.diags(w)).tocsr()


def _matrix_ranker(matrix: sp.csr_matrix) -> Ranker:
    order_ids = np.arange(matrix.shape[0])

    def rank(i: int) -> list[int]:
        sims = (matrix @ matrix[i].T).toarray().ravel()
        return [int(j) for j in np.lexsort((order_ids, -sims)) if j != i]

    return rank


def _coarser(path: Path, limit: int | None, index: ProfileIndex, tuned: Ranker) -> None:
    """Where the misses go: the best-ranked other company's industry group and sector."""
    _, industry = load(path, limit)
    rank = similar_ranker(index)
    firsts = [rank(i)[0] for i in range(len(industry))]
    missed = [i for i, j in enumerate(firsts) if industry[j] != industry[i]]
    for label in ("industry_group", "sector"):
        _, coarse = load(path, limit, label)
        near = sum(coarse[firsts[i]] == coarse[i] for i in missed) / max(len(missed), 1)
        print(f"top-1 misses (similar) in the same {label}: {near:.1%} of {len(missed)}")
        report(f"tuned TF-IDF, relevant = same {label}", tuned, coarse)
        report(f"pipeline similar, relevant = same {label}", rank, coarse)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--limit", type=int, default=None, help="only the first N companies")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also score every setting tried, the held-out split and term weightings",
    )
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} not found (the shared evaldata folder)", file=sys.stderr)
        return 2
    return 0 if run(args.data, args.limit, args.variants) else 1


if __name__ == "__main__":
    sys.exit(main())
