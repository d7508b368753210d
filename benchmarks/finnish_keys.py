"""Finnish word keys measured on a treebank: conflation and separation, Snowball vs. pipeline.

Reads the UD Finnish-TDT dev split (``../shared/evaldata/fi_tdt-ud-dev.conllu``, see its
README; never copied into the project). Items are the distinct (lower-cased form, gold lemma)
pairs of NOUN/PROPN/ADJ/VERB tokens whose form is all letters (6,710 forms); compound
boundaries ("#") are removed from the lemmas.

- conflation: over the lemmas with at least two distinct forms, the share of their forms
  that fall on the lemma's most common key (pooled: sum of the largest groups / all forms);
- separation: the share of keys that hold the forms of one lemma only.

Run: .venv/bin/python benchmarks/finnish_keys.py [--data PATH] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import snowballstemmer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchmaker.matching import text  # noqa: E402

FILE = Path("shared") / "evaldata" / "fi_tdt-ud-dev.conllu"
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
TARGET_CONFLATION, TARGET_SEPARATION = 0.85, 0.96

Key = Callable[[str], str]


def default_data() -> Path:
    """``../shared/evaldata/...`` beside the repository (or beside a parent of it)."""
    for base in ROOT.parents:
        if (base / FILE).is_file():
            return base / FILE
    return ROOT.parent / FILE


def load(path: Path) -> set[tuple[str, str]]:
    """Distinct (form, lemma) pairs of content words, both lower-cased."""
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 10 or not cols[0].isdigit() or cols[3] not in CONTENT_POS:
                continue
            form = cols[1].lower()
            if form.isalpha():
                pairs.add((form, cols[2].lower().replace("#", "")))
    return pairs


def measure(key: Key, pairs: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """(conflation, separation) of ``key`` on the pairs (definitions in the module doc)."""
    forms: dict[str, set[str]] = defaultdict(set)
    lemmas_of_key: dict[str, set[str]] = defaultdict(set)
    for form, lemma in pairs:
        forms[lemma].add(form)
        lemmas_of_key[key(form)].add(lemma)
    together = total = 0
    for group in forms.values():
        if len(group) < 2:
            continue
        together += Counter(key(f) for f in group).most_common(1)[0][1]
        total += len(group)
    conflation = together / total if total else 0.0
    separation = sum(len(v) == 1 for v in lemmas_of_key.values()) / max(len(lemmas_of_key), 1)
    return conflation, separation


def errors(key: Key, pairs: set[tuple[str, str]], n: int) -> None:
    """The largest split lemmas and the largest merged keys, to see what goes wrong."""
    forms: dict[str, set[str]] = defaultdict(set)
    for form, lemma in pairs:
        forms[lemma].add(form)
    split = []
    for lemma, group in forms.items():
        keys = Counter(key(f) for f in group)
        if len(keys) > 1:
            split.append((len(group) - keys.most_common(1)[0][1], lemma, dict(keys)))
    split.sort(key=lambda t: (-t[0], t[1]))
    print(f"lemmas split over several keys ({len(split)}), worst first:")
    for _, lemma, keys in split[:n]:
        print(f"  {lemma}: {keys}")
    merged: dict[str, set[str]] = defaultdict(set)
    for form, lemma in pairs:
        merged[key(form)].add(lemma)
    shared = sorted(((k, v) for k, v in merged.items() if len(v) > 1), key=lambda t: -len(t[1]))
    print(f"keys shared by several lemmas ({len(shared)}), largest first:")
    for k, lemmas in shared[:n]:
        print(f"  {k}: {sorted(lemmas)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--errors", type=int, default=0, help="show N errors of the pipeline")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"no treebank at {args.data}; pass --data PATH", file=sys.stderr)
        return 2
    pairs = load(args.data)
    n_lemmas = len({lemma for _, lemma in pairs})
    print(f"{len(pairs)} content-word forms of {n_lemmas} lemmas from {args.data.name}")
    snowball = snowballstemmer.stemmer("finnish").stemWord
    rows: list[tuple[str, Key]] = [
        ("lower-case only", lambda w: w),
        ("Snowball Finnish", snowball),
        (f"pipeline word_key ({text.analyser_name()})", lambda w: text.word_key(w, "fi")),
    ]
    print(f"{'key':<40} conflation separation")
    results = {}
    for name, key in rows:
        results[name] = measure(key, pairs)
        conflation, separation = results[name]
        print(f"{name:<40} {conflation:10.3f} {separation:10.3f}")
    pipeline = results[rows[-1][0]]
    if text.analyser_name() != "snowball":
        text.use_snowball(True)  # the fallback as a machine without Voikko has it
        conflation, separation = measure(lambda w: text.word_key(w, "fi"), pairs)
        name = "pipeline word_key (snowball fallback)"
        print(f"{name:<40} {conflation:10.3f} {separation:10.3f}")
        text.use_snowball(False)
    conflation, separation = pipeline
    ok = conflation >= TARGET_CONFLATION and separation >= TARGET_SEPARATION
    print(
        f"target conflation >= {TARGET_CONFLATION} at separation >= {TARGET_SEPARATION}:",
        "met" if ok else "NOT met",
    )
    if args.errors:
        errors(lambda w: text.word_key(w, "fi"), pairs, args.errors)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
