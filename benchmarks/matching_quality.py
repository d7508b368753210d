"""Matching quality on a hand-labelled set of complementary pairs (fi + en).

Each labelled pair [needer, offerer] says the offerer offers what the needer needs. For
every needer we rank all other organisations and score the ranking with precision@5,
recall@10, nDCG@10 and MRR, for
  (a) a baseline: plain ``TfidfVectorizer()`` on the concatenated profile text + cosine;
  (b) the project pipeline (``matchmaker.matching.suggest``) with the active Finnish analyser
      (Voikko when installed), the same with Snowball keys only, and (``--variants``) its
      text variants (word keys alone, + compound splitting, + char_wb n-grams).
The Finnish and English needers are also reported separately. Then (unless
``--no-companies``) ``companies_quality.py`` scores real company text from the shared
evaldata folder: plain and tuned TF-IDF against the pipeline's similar organisations.

Run: .venv/bin/python benchmarks/matching_quality.py [--data PATH] [--variants] [--no-companies]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import companies_quality
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker.matching import IndexConfig, Profile, ProfileIndex, suggest  # noqa: E402
from matchmaker.matching import text as text_module  # noqa: E402

DATA = Path(__file__).parent / "data" / "partner_pairs.json"
Ranker = Callable[[int], list[int]]


def load(path: Path) -> tuple[list[dict], dict[int, set[int]]]:
    """Organisations and, per needer, the set of relevant offerers."""
    data = json.loads(path.read_text(encoding="utf-8"))
    relevant: dict[int, set[int]] = defaultdict(set)
    for needer, offerer in data["pairs"]:
        relevant[needer].add(offerer)
    return data["organisations"], dict(relevant)


def to_profile(org: dict) -> Profile:
    return Profile(
        id=org["id"],
        about=org["about"],
        offers=org["offers"],
        needs=org["needs"],
        side_offered=org.get("side_offered", ""),
        side_wanted=org.get("side_wanted", ""),
        markets=frozenset(org.get("markets", [])),
        region=org.get("region", ""),
        clusters=frozenset({org["cluster"]}),
        name=org.get("name", ""),
    )


def baseline_ranker(orgs: list[dict]) -> Ranker:
    """Plain TF-IDF on all text concatenated, cosine, ties by id."""
    ids = np.array([o["id"] for o in orgs])
    texts = [
        " ".join(
            o.get(f, "")
            for f in ("name", "about", "offers", "needs", "side_offered", "side_wanted")
        )
        for o in orgs
    ]
    matrix = TfidfVectorizer().fit_transform(texts)
    pos = {int(i): n for n, i in enumerate(ids)}

    def rank(org_id: int) -> list[int]:
        sims = (matrix @ matrix[pos[org_id]].T).toarray().ravel()
        order = np.lexsort((ids, -sims))
        return [int(ids[j]) for j in order if ids[j] != org_id and sims[j] > 0]

    return rank


def pipeline_ranker(orgs: list[dict], config: IndexConfig | None = None) -> Ranker:
    index = ProfileIndex.build([to_profile(o) for o in orgs], config)

    def rank(org_id: int) -> list[int]:
        return [s.id for s in suggest(index, org_id, k=len(index), with_reasons=False)]

    return rank


def metrics(ranking: list[int], relevant: set[int]) -> dict[str, float]:
    hits = [1.0 if r in relevant else 0.0 for r in ranking]
    dcg = sum(h / math.log2(n + 2) for n, h in enumerate(hits[:10]))
    ideal = sum(1.0 / math.log2(n + 2) for n in range(min(len(relevant), 10)))
    first = next((n for n, h in enumerate(hits) if h), None)
    return {
        "P@5": sum(hits[:5]) / 5,
        "R@10": sum(hits[:10]) / len(relevant),
        "nDCG@10": dcg / ideal,
        "MRR": 0.0 if first is None else 1.0 / (first + 1),
    }


def evaluate(rank: Ranker, relevant: dict[int, set[int]], needers: list[int]) -> dict[str, float]:
    rows = [metrics(rank(n), relevant[n]) for n in needers]
    return {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}


def report(name: str, rank: Ranker, relevant: dict[int, set[int]], langs: dict[int, str]) -> dict:
    out = {}
    for subset in ("all", "fi", "en"):
        needers = sorted(n for n in relevant if subset == "all" or langs[n] == subset)
        out[subset] = evaluate(rank, relevant, needers)
    line = " | ".join(
        f"{subset}: " + " ".join(f"{v:.3f}" for v in out[subset].values()) for subset in out
    )
    print(f"{name:<34} {line}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--variants", action="store_true", help="also score text variants")
    parser.add_argument(
        "--no-companies", action="store_true", help="skip the real-text set (companies_dev.csv)"
    )
    args = parser.parse_args()
    orgs, relevant = load(args.data)
    langs = {o["id"]: o["lang"] for o in orgs}
    n_pairs = sum(len(v) for v in relevant.values())
    n_fi = sum(len(v) for k, v in relevant.items() if langs[k] == "fi")
    print(
        f"{len(orgs)} organisations, {n_pairs} labelled pairs ({n_fi} Finnish), "
        f"{len(relevant)} needers"
    )
    print(f"{'ranker':<34} columns per subset: P@5 R@10 nDCG@10 MRR")
    base = report("(a) baseline TfidfVectorizer()", baseline_ranker(orgs), relevant, langs)
    analyser = text_module.analyser_name()
    pipe = report(f"(b) pipeline (default, {analyser})", pipeline_ranker(orgs), relevant, langs)
    if analyser != "snowball":
        text_module.use_snowball(True)
        report("(b) pipeline, Snowball keys only", pipeline_ranker(orgs), relevant, langs)
        text_module.use_snowball(False)
    if args.variants:
        variants = {
            "stems only": IndexConfig(compound_split=False),
            "stems + compound split": IndexConfig(compound_split=True),
        }
        for weight in (0.2, 0.4):
            for lo, hi in ((3, 5), (4, 6)):
                variants[f"stems + char_wb {lo}-{hi} w={weight}"] = IndexConfig(
                    compound_split=False,
                    char_ngrams=True,
                    char_ngram_range=(lo, hi),
                    char_ngram_weight=weight,
                )
                variants[f"split + char_wb {lo}-{hi} w={weight}"] = IndexConfig(
                    compound_split=True,
                    char_ngrams=True,
                    char_ngram_range=(lo, hi),
                    char_ngram_weight=weight,
                )
        for name, config in variants.items():
            report(name, pipeline_ranker(orgs, config), relevant, langs)
    beats = all(pipe[s][m] > base[s][m] for s in pipe for m in pipe[s])
    print("pipeline beats baseline on every metric and subset:", "yes" if beats else "NO")
    companies_ok = True
    if not args.no_companies:
        path = companies_quality.default_data()
        if path.exists():
            print()
            companies_ok = companies_quality.run(path)
        else:
            print(f"{path} not found: the real-text set was skipped")
    return 0 if beats and companies_ok else 1


if __name__ == "__main__":
    sys.exit(main())
