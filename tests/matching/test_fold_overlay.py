"""A fold overlays the changed rows on the build instead of copying its matrices: what it
shows is what a full computation shows, and it costs the changed rows, not the matrices."""

import random
import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from matchmaker.matching import (
    IndexConfig,
    Profile,
    ProfileIndex,
    fold_in,
    joint_bid_partners,
    query,
    side_stream_matches,
    similar,
    suggest,
)
from matchmaker.matching.candidates import Pruning, prune
from matchmaker.matching.fold import FoldedIndex

FAST = Pruning(per_term=40, n_terms=32, limit=120, min_profiles=0)

FI = """laiva potkuri akseli teräs runko hitsaus koneistus valu sähkö akku automaatio ohjaus
ilmanvaihto eristys lämpö testaus saha puru kuori hake pelletti tuhka hiili kuitu liete sellu
kaasu lannoite kaivos kone huolto hydrauliikka kuljetus logistiikka moottori putki venttiili
pumppu laakeri levy maali pinta korroosio kaapeli muuntaja energia höyry kattila metsä paperi
""".split()
EN = """ship propeller shaft steel hull welding machining casting electric battery automation
control ventilation insulation heat testing sawmill bark pellet ash carbon fibre sludge pulp gas
fertiliser mine machine maintenance hydraulic transport logistics engine pipe valve pump
""".split()


# Compounds of two roots give each profile a realistic number of distinct terms.
FI_WORDS = FI + [a + b for a in FI for b in FI[::5]]
EN_WORDS = EN + [a + b for a in EN for b in EN[::5]]


def _text(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(vocab[min(int(rng.paretovariate(0.5)) - 1, len(vocab) - 1)] for _ in range(n))


def _profiles(n: int) -> list[Profile]:
    rng = random.Random(4)
    out = []
    for pid in range(1, n + 1):
        vocab = list(FI_WORDS if rng.random() < 0.7 else EN_WORDS)
        rng.shuffle(vocab)
        out.append(
            Profile(
                id=pid,
                about=_text(rng, vocab, rng.randint(20, 60)),
                offers=_text(rng, vocab, rng.randint(5, 20)),
                needs=_text(rng, vocab, rng.randint(5, 20)),
                side_offered=_text(rng, vocab, 3) if rng.random() < 0.3 else "",
                side_wanted=_text(rng, vocab, 3) if rng.random() < 0.3 else "",
                markets=frozenset(rng.sample(["Norway", "Japan", "Germany"], rng.randint(0, 2))),
                region=f"region{rng.randint(1, 9)}",
                clusters=frozenset({rng.randint(1, 4)}),
            )
        )
    return out


@pytest.fixture(scope="module")
def profiles() -> list[Profile]:
    return _profiles(1200)


@pytest.fixture(scope="module")
def index(profiles: list[Profile]) -> ProfileIndex:
    built = ProfileIndex.build(profiles)
    prune(built, FAST.per_term)
    return built


def _materialised(folded: FoldedIndex) -> ProfileIndex:
    """The same fold as one plain index with whole CSR matrices (what a fold used to copy)."""
    plain = ProfileIndex.__new__(ProfileIndex)
    plain.__dict__.update(folded.__dict__)
    plain.__dict__.pop("_folded_frequency", None)
    plain.matrices = {n: m.tocsr().copy() for n, m in folded.matrices.items()}
    plain.word_matrices = plain.matrices
    plain.transposed = {n: m.T.tocsr() for n, m in plain.matrices.items()}
    plain.pruned, plain.pruned_ids = {}, np.zeros(0, dtype=np.int64)
    return plain


def _shown(index: ProfileIndex, orgs: list[int], fast: bool = False) -> list:
    out = []
    for org in orgs:
        out.append(suggest(index, org, k=10, fast=fast, pruning=FAST))
        out.append(joint_bid_partners(index, org, k=5, fast=fast, pruning=FAST))
        out.append(side_stream_matches(index, org, k=5))
        out.append(similar(index, org, k=5))
    out.append(query(index, "potkuri hitsaus", k=10))
    return out


def test_fold_of_an_edit_shows_what_a_fresh_build_shows(profiles, index):
    """Texts moved between fields keep the vocabulary and IDF of a fresh build, so the fold
    and a full build of the edited corpus must show the same suggestions, scores, reasons."""
    last = profiles[-1]
    edited = replace(last, about=last.offers, offers=last.about)
    fresh = ProfileIndex.build([*profiles[:-1], edited])
    assert fresh.terms == index.terms
    folded = fold_in(index, [edited])
    assert isinstance(folded, FoldedIndex)
    orgs = [edited.id, *random.Random(2).sample([p.id for p in profiles[:-1]], 8)]
    assert _shown(folded, orgs) == _shown(fresh, orgs)


def test_fold_with_new_edited_and_removed_profiles_equals_the_whole_computation(profiles, index):
    rng = random.Random(6)
    picked = rng.sample(profiles, 5)
    edited = [replace(p, offers="potkuri akseli hitsaus", needs="kaapeli muuntaja") for p in picked]
    newcomers = [
        replace(profiles[n], id=5000 + n, needs="potkuri koneistus") for n in range(0, 40, 10)
    ]
    middle = [profiles[100].id, profiles[500].id]
    folded = fold_in(fold_in(index, edited[:2]), [*edited[2:], *newcomers], removed=middle)
    assert not set(middle) & set(folded.ids.tolist()) and 5000 in folded
    assert len(folded) == len(index) + len(newcomers) - len(middle)
    reference = _materialised(folded)
    orgs = [p.id for p in edited] + [n.id for n in newcomers] + [profiles[7].id]
    assert _shown(folded, orgs) == _shown(reference, orgs)
    # The fast path re-scores its candidates with the full score: what it shows is exact.
    exact = {org: {s.id: s for s in suggest(folded, org, k=40, fast=False)} for org in orgs}
    for org in orgs:
        for s in suggest(folded, org, k=10, fast=True, pruning=FAST):
            assert s == exact[org].get(s.id, s)


def test_fold_and_its_suggestions_allocate_far_less_than_the_matrices(profiles):
    # Without the reduced (LSA) blend, whose scratch is a constant few hundred kilobytes
    # (its best hits x its dimensions) that would dwarf this small index's matrices.
    index = ProfileIndex.build(profiles, IndexConfig(reduced_dims=0))
    prune(index, FAST.per_term)
    matrix_bytes = sum(
        m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
        for ms in (index.matrices, index.transposed)
        for m in ms.values()
    )
    edited = replace(profiles[3], offers="potkuri akseli hitsaus kaapeli")
    newcomer = replace(profiles[9], id=9000)
    orgs = [edited.id, newcomer.id, profiles[20].id]
    _shown(index, orgs[::2])  # per-index caches of the build (generic terms) made before
    tracemalloc.start()
    try:
        folded = fold_in(index, [edited, newcomer], removed=[profiles[30].id])
        fold_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        shown = _shown(folded, orgs) + _shown(folded, orgs, fast=True)
        kept, query_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert any(shown)
    assert not any(m.materialised for m in folded.matrices.values())
    assert fold_peak < matrix_bytes / 10, (fold_peak, matrix_bytes)
    # Queries need scratch (a number per profile), never a copy of the matrices.
    assert query_peak < matrix_bytes / 4, (query_peak, matrix_bytes)
    assert kept < matrix_bytes / 4, (kept, matrix_bytes)  # bounded caches (words read...)
