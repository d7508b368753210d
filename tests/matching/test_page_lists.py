"""The partner page's two lists in one pass: the same suggestions, joint-bid partners, scores
and reasons as ``suggest`` and ``joint_bid_partners`` apart, with the shared cosines computed
once."""

import random

import pytest

from matchmaker.matching import (
    Profile,
    ProfileIndex,
    explain,
    joint_bid_partners,
    suggest,
    suggest_with_joint_bids,
)
from matchmaker.matching.candidates import Pruning, prune
from matchmaker.matching.reasons import _explain, _explain_many

FAST = Pruning(per_term=40, n_terms=24, limit=80, min_profiles=0)
WORDS = """laiva potkuri akseli teräs runko hitsaus koneistus valu sähkö akku automaatio
ohjaus ilmanvaihto eristys lämpö saha puru kuori hake pelletti tuhka kuitu liete sellu kaasu
ship propeller shaft steel hull welding machining casting battery ventilation bark pellet
ash fibre sludge pulp biogas""".split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(WORDS[min(int(rng.paretovariate(0.8)) - 1, len(WORDS) - 1)] for _ in range(n))


@pytest.fixture(scope="module")
def index() -> ProfileIndex:
    rng = random.Random(14)
    profiles = [
        Profile(
            id=pid,
            about=_text(rng, rng.randint(6, 18)),
            offers=_text(rng, rng.randint(2, 8)),
            needs=_text(rng, rng.randint(2, 8)),
            side_offered=_text(rng, 3) if rng.random() < 0.4 else "",
            side_wanted=_text(rng, 3) if rng.random() < 0.4 else "",
            markets=frozenset(rng.sample(["SE", "NO", "DE", "EE"], rng.randint(0, 2))),
            region=f"region{rng.randint(1, 4)}",
            clusters=frozenset({rng.randint(1, 3)}),
        )
        for pid in range(1, 601)
    ]
    built = ProfileIndex.build(profiles)
    prune(built, FAST.per_term)
    return built


def _orgs(index: ProfileIndex) -> list[int]:
    return random.Random(3).sample(index.ids.tolist(), 40)


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("same_cluster_only", [False, True])
def test_both_lists_in_one_pass_are_those_of_suggest_and_joint_bid_partners(
    index, fast, same_cluster_only
):
    joint_seen = 0
    for org in _orgs(index):
        exclude = set(random.Random(org).sample(index.ids.tolist(), 30))
        kw = dict(exclude=exclude, same_cluster_only=same_cluster_only, fast=fast, pruning=FAST)
        partners, joint = suggest_with_joint_bids(index, org, k=15, k_joint=5, **kw)
        assert partners == suggest(index, org, k=15, **kw)
        assert joint == joint_bid_partners(index, org, k=5, **kw)
        joint_seen += len(joint)
    assert joint_seen  # the fixture has competitors


def test_reasons_of_several_rows_are_those_of_each_row_alone(index):
    explained = 0
    for org in _orgs(index):
        i = index.pos(org)
        others = [index.pos(s.id) for s in suggest(index, org, k=8, with_reasons=False)]
        many = _explain_many(index, i, others)
        assert many == [_explain(index, i, j) for j in others]
        assert many == [explain(index, org, int(index.ids[j])) for j in others]
        explained += sum(len(r) for r in many)
    assert explained


def test_joint_bid_reasons_are_the_same_offers_then_the_pairs_own_reasons(index):
    seen = 0
    for org in _orgs(index):
        for s in joint_bid_partners(index, org):
            plain = [r for r in explain(index, org, s.id) if r.kind != "same_region"]
            same = s.reasons[:1] if s.reasons and s.reasons[0].kind == "same_offers" else []
            rest = s.reasons[len(same) :]
            assert rest == plain
            seen += 1
    assert seen


def test_one_pass_scores_the_shared_cosines_once(index, monkeypatch):
    calls = []
    real = ProfileIndex.against

    def counting(self, rows, name):
        calls.append(name)
        return real(self, rows, name)

    monkeypatch.setattr(ProfileIndex, "against", counting)
    org = _orgs(index)[0]
    suggest(index, org, fast=False)
    alone = len(calls)
    calls.clear()
    suggest_with_joint_bids(index, org, fast=False)
    assert len(calls) == alone  # the competitor rule reads the partner score's cosines
