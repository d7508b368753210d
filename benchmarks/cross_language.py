"""Cross-language partner matching: the hand-labelled pairs with the needer translated.

For every needer of ``partner_pairs.json`` (Finnish or English) the corpus is the
organisations written in its language. Same language: the needer as written. Cross
language: the needer replaced by its translation into the other language
(``partner_pairs_translated.json``, written by hand for this benchmark), so the labelled
offerers are all in the language the needer no longer writes. Both are scored with
recall@10 (and MRR) of ``matchmaker.matching.suggest``, without the term bridge, with the
shipped glossary, and with the glossary plus the FreeDict fi-en dictionaries (when installed),
in the same run; the gap is same-language minus cross-language recall@10, in points.

Run: .venv/bin/python benchmarks/cross_language.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.matching_quality import DATA, load, metrics, to_profile  # noqa: E402
from matchmaker.matching import IndexConfig, ProfileIndex, suggest  # noqa: E402
from matchmaker.matching import text as text_module  # noqa: E402
from matchmaker.matching.bridge import TermBridge, load_freedict  # noqa: E402

TRANSLATED = Path(__file__).parent / "data" / "partner_pairs_translated.json"
FIELDS = ("about", "offers", "needs", "side_offered", "side_wanted")


def translated(org: dict, translation: dict) -> dict:
    """The organisation with its texts replaced by their translation (name and facets kept)."""
    out = dict(org)
    for name in FIELDS:
        out[name] = translation.get(name, "")
    out["lang"] = translation["lang"]
    return out


def recall_at_10(index: ProfileIndex, needer: int, relevant: set[int]) -> dict[str, float]:
    ranking = [s.id for s in suggest(index, needer, k=len(index), with_reasons=False)]
    m = metrics(ranking, relevant)
    return {"R@10": m["R@10"], "MRR": m["MRR"]}


def run(
    orgs: list[dict],
    relevant: dict[int, set[int]],
    translations: dict[int, dict],
    config: IndexConfig,
    bridge: TermBridge | None,
) -> dict[str, dict[str, float]]:
    by_lang: dict[str, list[dict]] = {}
    for org in orgs:
        by_lang.setdefault(org["lang"], []).append(org)
    same_index = {
        lang: ProfileIndex.build([to_profile(o) for o in group], config, bridge)
        for lang, group in by_lang.items()
    }
    rows: dict[str, list[dict[str, float]]] = {"same": [], "cross": []}
    for needer in sorted(relevant):
        org = next(o for o in orgs if o["id"] == needer)
        group = by_lang[org["lang"]]
        rows["same"].append(recall_at_10(same_index[org["lang"]], needer, relevant[needer]))
        other = translated(org, translations[needer])
        corpus = [to_profile(other if o["id"] == needer else o) for o in group]
        cross_index = ProfileIndex.build(corpus, config, bridge)
        rows["cross"].append(recall_at_10(cross_index, needer, relevant[needer]))
    return {
        kind: {key: float(np.mean([r[key] for r in found])) for key in found[0]}
        for kind, found in rows.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--translations", type=Path, default=TRANSLATED)
    args = parser.parse_args()
    orgs, relevant = load(args.data)
    raw = json.loads(args.translations.read_text(encoding="utf-8"))["translations"]
    translations = {int(k): v for k, v in raw.items()}
    missing = sorted(set(relevant) - set(translations))
    if missing:
        print(f"needers without a translation: {missing}")
        return 1
    print(
        f"{len(relevant)} needers, {sum(len(v) for v in relevant.values())} labelled pairs; "
        f"analyser {text_module.analyser_name()}"
    )
    print(
        f"{'term bridge':<28} {'same R@10':>9} {'cross R@10':>10} {'gap (pt)':>8}  MRR same/cross"
    )
    conditions: list[tuple[str, IndexConfig, TermBridge | None]] = [
        ("none", IndexConfig(bridge=False), None),
        ("glossary", IndexConfig(), TermBridge.default()),
    ]
    freedict = load_freedict()
    if freedict is not None:
        conditions.append(
            ("glossary + FreeDict", IndexConfig(), TermBridge.default(dictionary=freedict))
        )
    else:
        print("(FreeDict dictionaries not installed: that row is skipped)")
    gaps = {}
    for name, config, bridge in conditions:
        out = run(orgs, relevant, translations, config, bridge)
        same, cross = out["same"], out["cross"]
        gaps[name] = 100 * (same["R@10"] - cross["R@10"])
        print(
            f"{name:<28} {same['R@10']:>9.3f} {cross['R@10']:>10.3f} {gaps[name]:>8.1f}"
            f"  {same['MRR']:.3f}/{cross['MRR']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
