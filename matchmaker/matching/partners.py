"""Partner suggestions, side-stream matches, similar organisations and ecosystem fit.

score(A -> B) = w.they_offer_your_need * cos(needs_A, offers_B)
              + w.you_offer_their_need * cos(offers_A, needs_B)
              + w.shared_theme         * cos(about_A, about_B)
              + w.side_stream          * max(cos(side_wanted_A, side_offered_B),
                                             cos(side_offered_A, side_wanted_B))
              - w.same_offers         * cos(offers_A, offers_B)   (competitors)
              + w.shared_market (if any market in common) + w.same_region (if same region)
              + w.value_chain (if one's TOL division buys from the other's, ``VALUE_CHAIN``)

Only pairs with some textual signal are suggested; bonuses never make a suggestion alone.
A competitor (cos(offers_A, offers_B) >= w.competitor_offers and above what either meets of
the other's needs) is never a partner suggestion; ``joint_bid_partners`` lists them apart.
At most w.per_kind picks of the top k bring A the same thing (``_diverse``), so one kind
of firm cannot fill the list. Ties are broken by ascending id. All weights live in ``Weights``.

Reason words never include generic terms (``generic_terms``: in more than w.generic_share of
the profiles, a curated list, numbers, region names); a reason left without words is dropped.

Reasons are structured so that the app can translate them. ``Reason.kind`` is one of:

- ``they_offer_your_need``: their offers match your needs. ``their_words`` are words from
  their offers, ``your_words`` the matching words from your needs.
- ``you_offer_their_need``: your offers match their needs (their_words from their needs,
  your_words from your offers).
- ``shared_theme``: your descriptions share a theme (words from both ``about`` fields).
- ``side_stream``: their side stream is material you want (their_words: their offered
  side-stream words; your_words: your wanted words; ``context``: their other side-stream words).
- ``side_stream_taken``: your side stream is material they want (their_words: words from
  their wanted side streams; your_words: your offered ones; ``context``: what else they
  say they want it for, e.g. "pellet production").
- ``shared_market``: markets you both name (the same words on both sides).
- ``same_region``: you are in the same region (the region's name on both sides).
- ``same_offers``: (joint-bid partners only) you offer the same things (words of both offers).

``weight`` is the reason's contribution to the score; reasons come sorted by weight.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .index import Profile, ProfileIndex
from .text import LANGUAGES, normalised_key, words

SCORE_DECIMALS = 6  # scores are rounded before ranking so that ties (-> id order) are exact


@dataclass(frozen=True)
class Weights:
    """Every weight of the partner score, in one place."""

    they_offer_your_need: float = 1.0  # cos(needs_A, offers_B): what A came for
    you_offer_their_need: float = 0.6  # cos(offers_A, needs_B): A can sell to B
    shared_theme: float = 0.3  # cos(about_A, about_B): same field of business
    side_stream: float = 0.4  # side stream of one is raw material of the other
    # cos(offers_A, offers_B) is subtracted: organisations that offer the same things are
    # competitors more often than partners (seen in the demo: propeller firms suggested to
    # each other because one names propellers as the use of what it needs).
    same_offers: float = 0.3
    shared_market: float = 0.03  # at least one export/target market in common
    same_region: float = 0.02  # same region: easier to meet
    # One's TOL division buys from the other's (VALUE_CHAIN): a prior where text is thin.
    value_chain: float = 0.05
    # cos(offers_A, offers_B) from which B is a competitor (when it is above what B meets of
    # A's needs or A of B's): shown only among joint-bid partners.
    competitor_offers: float = 0.5
    # Diversity of the top k: at most per_kind picks that bring A the same (likeness, the
    # cosine of what they bring, >= same_kind) among the best diversity_pool * k candidates.
    per_kind: int = 2
    same_kind: float = 0.8
    diversity_pool: int = 4
    # A term in more than this share of the profiles (and in at least generic_min of them:
    # in a small index every word is "frequent") is generic.
    generic_share: float = 0.2
    generic_min: int = 10
    reason_words: int = 4  # words shown per reason
    context_words: int = 4  # extra words shown for side streams
    block_cells: int = 2_000_000  # dense cells per block in batch scoring (memory bound)


DEFAULT_WEIGHTS = Weights()

# buyer TOL division -> divisions it buys from (ship building buys castings, metal products,
# electrical equipment, machinery and repair work; shipping buys ships and their repair).
VALUE_CHAIN: dict[str, frozenset[str]] = {
    "30": frozenset({"24", "25", "27", "28", "33"}),
    "33": frozenset({"24", "25", "28"}),
    "50": frozenset({"30", "33"}),
    "52": frozenset({"30", "33"}),
    "28": frozenset({"24", "25", "27"}),
    "27": frozenset({"24", "25"}),
    "35": frozenset({"02", "16", "27", "28"}),
    "17": frozenset({"02", "16"}),
    "16": frozenset({"02"}),
    "38": frozenset({"17", "16", "22", "24"}),
}

# Words that never explain a match on their own (company forms, "founded", "equipment"...),
# in fi/en/sv; they are turned into index keys in every language.
CURATED_GENERIC = frozenset(
    """
    oy oyj ab ltd inc gmbh as ky tmi plc co llc
    perustettu perustaa founded established grundad grundades
    equipment laite laitteet laitteiden laitteita utrustning
    vuonna vuosi vuodesta year years år
    yritys yrityksemme company companies företag
    tuote tuotteet products product produkter
    palvelu palvelut services service tjänster
    toiminta activities activity verksamhet
    valmistus manufacture manufacturing tillverkning
    muu muut other others övrig
    pl except
    asiakas asiakkaat customer customers kund
    ratkaisu ratkaisut solutions solution lösningar
    """.split()
)

# (kind, A's field, B's field, weight name): the term-based parts of the score.
_TEXT_PARTS = (
    ("they_offer_your_need", "needs", "offers", "they_offer_your_need"),
    ("you_offer_their_need", "offers", "needs", "you_offer_their_need"),
    ("shared_theme", "about", "about", "shared_theme"),
)
_SIDE_PARTS = (
    ("side_stream", "side_wanted", "side_offered"),
    ("side_stream_taken", "side_offered", "side_wanted"),
)
_PART_FIELDS = tuple((kind, fa, fb) for kind, fa, fb, _ in _TEXT_PARTS) + _SIDE_PARTS


@dataclass(frozen=True)
class Reason:
    """Why a suggestion was made; words are real words from the two profiles."""

    kind: str
    their_words: list[str]
    your_words: list[str]
    weight: float
    context: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    """One suggested organisation with its score and reasons."""

    id: int
    score: float
    cross_cluster: bool = False
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class ClusterFit:
    """How well a newcomer fits one cluster: top-k-mean similarity to its members."""

    cluster_id: int
    score: float
    top_members: list[tuple[int, float]]


# ---------------------------------------------------------------------- per-index data
@dataclass
class _Derived:
    """What partner scoring derives from one index once: generic terms, division matrices."""

    generic: np.ndarray  # bool per feature
    buys: sp.csr_matrix  # profile x division it buys from (divisions @ VALUE_CHAIN)
    divisions_t: sp.csr_matrix


_DERIVED: weakref.WeakKeyDictionary[ProfileIndex, tuple[tuple[float, int], _Derived]] = (
    weakref.WeakKeyDictionary()
)


def generic_terms(index: ProfileIndex, w: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """Boolean mask over the index's features: terms too common or too empty to be a reason."""
    m = index.matrices.get("whole")
    width = m.shape[1] if m is not None else 0
    mask = np.zeros(width, dtype=bool)
    if not len(index) or m is None:
        return mask
    df = np.bincount(m.indices, minlength=width)[:width]
    mask |= (df > w.generic_share * len(index)) & (df >= w.generic_min)
    curated = {normalised_key(w, lang) for w in CURATED_GENERIC for lang in LANGUAGES}
    places = {
        normalised_key(w, lang)
        for p in index.profiles
        for w in words(p.region)
        for lang in LANGUAGES
    }
    for t, term in enumerate(index.terms[: index.n_word_features]):
        if term in curated or term in places or len(term) < 3 or any(c.isdigit() for c in term):
            mask[t] = True
    return mask


def _derived(index: ProfileIndex, w: Weights) -> _Derived:
    cached = _DERIVED.get(index)
    if cached is not None and cached[0] == (w.generic_share, w.generic_min):
        return cached[1]
    codes = sorted({c for p in index.profiles for c in p.industries})
    cpos = {c: j for j, c in enumerate(codes)}
    rows = [i for i, p in enumerate(index.profiles) for _ in p.industries]
    cols = [cpos[c] for p in index.profiles for c in p.industries]
    width = max(len(codes), 1)
    div = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(index), width)
    )
    trows = [cpos[b] for b in codes for s in VALUE_CHAIN.get(b, ()) if s in cpos]
    tcols = [cpos[s] for b in codes for s in VALUE_CHAIN.get(b, ()) if s in cpos]
    table = sp.csr_matrix(
        (np.ones(len(trows), dtype=np.float32), (trows, tcols)), shape=(width, width)
    )
    derived = _Derived(generic_terms(index, w), (div @ table).tocsr(), div.T.tocsr())
    _DERIVED[index] = ((w.generic_share, w.generic_min), derived)
    return derived


# ---------------------------------------------------------------------- helpers
def _top_k(scores: np.ndarray, valid: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best valid scores, best first, ties by position (= id order)."""
    cand = np.flatnonzero(valid)
    if k <= 0 or cand.size == 0:
        return cand[:0]
    vals = scores[cand]
    if cand.size > k:
        part = np.argpartition(-vals, k - 1)[:k]
        kth = vals[part].min()
        keep = vals >= kth  # keep every tie at the boundary, then order by id
        cand, vals = cand[keep], vals[keep]
    order = np.lexsort((cand, -vals))[:k]
    return cand[order]


def _components_block(
    index: ProfileIndex, rows: np.ndarray, w: Weights
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Raw cosines per score part, weighted text score and bonus for ``rows`` x all profiles."""
    m, t = index.matrices, index.transposed
    parts: dict[str, np.ndarray] = {}
    for kind, fa, fb, _ in _TEXT_PARTS:
        parts[kind] = (m[fa][rows] @ t[fb]).toarray()
    for kind, fa, fb in _SIDE_PARTS:
        parts[kind] = (m[fa][rows] @ t[fb]).toarray()
    text = np.zeros((len(rows), len(index)), dtype=np.float64)
    for kind, _, _, wname in _TEXT_PARTS:
        text += getattr(w, wname) * parts[kind]
    text += w.side_stream * np.maximum(parts["side_stream"], parts["side_stream_taken"])
    parts["same_offers"] = (m["offers"][rows] @ t["offers"]).toarray()
    text -= w.same_offers * parts["same_offers"]
    bonus = np.zeros_like(text)
    if w.value_chain:
        d = _derived(index, w)
        a_buys = (d.buys[rows] @ d.divisions_t).toarray() > 0  # A buys from B's division
        b_buys = (d.buys @ d.divisions_t[:, rows]).toarray().T > 0  # B buys from A's
        parts["value_chain"] = (a_buys | b_buys).astype(np.float64)
        bonus += w.value_chain * parts["value_chain"]
    if w.shared_market and index.market_names:
        bonus += w.shared_market * ((index.markets[rows] @ index.markets_t).toarray() > 0)
    if w.same_region:
        reg = index.regions[rows][:, None]
        bonus += w.same_region * ((reg == index.regions[None, :]) & (reg >= 0))
    return parts, text, bonus


def _shares_cluster(index: ProfileIndex, rows: np.ndarray) -> np.ndarray:
    """Boolean block: does row r share at least one cluster with each profile."""
    return (index.clusters[rows] @ index.clusters_t).toarray() > 0


def _pick(
    index: ProfileIndex,
    i: int,
    parts: dict[str, np.ndarray],
    text: np.ndarray,
    bonus: np.ndarray,
    shared: np.ndarray,
    k: int,
    exclude: Iterable[int],
    same_cluster_only: bool,
    w: Weights,
    with_reasons: bool,
) -> list[Suggestion]:
    scores = np.round(text + bonus, SCORE_DECIMALS)
    valid = text > 0
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    has_clusters = bool(index.profiles[i].clusters)
    if same_cluster_only:
        valid &= shared
    valid &= ~competitors(parts, w)
    chosen = _diverse(index, i, scores, valid, k, w)
    terms: dict[str, list[list[int]]] = {}
    if with_reasons and chosen.size:
        generic = _derived(index, w).generic
        dense_a = _DenseRows(index, i)
        for kind, fa, fb in _PART_FIELDS:
            if np.any(parts[kind][chosen] > 0):
                terms[kind] = _top_terms(dense_a, fa, fb, chosen, w.reason_words, generic)
            else:
                terms[kind] = [[] for _ in chosen]
    out = []
    for r, j in enumerate(chosen):
        reasons: list[Reason] = []
        if with_reasons:
            cosines = {kd: float(v[j]) for kd, v in parts.items()}
            row_terms = {kd: t[r] for kd, t in terms.items()}
            reasons = _explain(index, i, int(j), w, cosines, row_terms)
        out.append(
            Suggestion(
                int(index.ids[j]), float(scores[j]), has_clusters and not bool(shared[j]), reasons
            )
        )
    return out


def competitors(parts: dict[str, np.ndarray], w: Weights) -> np.ndarray:
    """Who offers the same things as A more than either meets the other's needs."""
    same = parts["same_offers"]
    met = np.maximum(parts["they_offer_your_need"], parts["you_offer_their_need"])
    return (same >= w.competitor_offers) & (same > met)


def _diverse(
    index: ProfileIndex, i: int, scores: np.ndarray, valid: np.ndarray, k: int, w: Weights
) -> np.ndarray:
    """The k best, at most ``per_kind`` of one kind, among the best ``diversity_pool * k``;
    two candidates are of a kind when what they bring to A is alike (cosine of their offers
    on A's needs and their needs on A's offers >= ``same_kind``). Others of a full kind
    come after the rest."""
    pool = _top_k(scores, valid, max(k, k * w.diversity_pool) if w.per_kind else k)
    if not w.per_kind or pool.size <= 1:
        return pool[:k]
    m = index.matrices
    # What each candidate brings to A: its offers on A's needs, its needs on A's offers.
    # Two machine shops that both meet A's "shaft machining" are alike here, whatever else
    # they offer.
    brings = sp.hstack(
        [
            m["offers"][pool].multiply(m["needs"][i]),
            m["needs"][pool].multiply(m["offers"][i]),
        ],
        format="csr",
    )
    norms = np.sqrt(np.asarray(brings.multiply(brings).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    brings = sp.diags(1 / norms) @ brings
    sims = (brings @ brings.T).toarray()
    picked: list[int] = []
    deferred: list[int] = []
    for c in range(pool.size):  # pool order: score, then id
        alike = int(np.count_nonzero(sims[c, picked] >= w.same_kind)) if picked else 0
        (picked if alike < w.per_kind else deferred).append(c)
        if len(picked) == k:
            break
    return pool[(picked + deferred)[:k]]


def _common(ia: np.ndarray, ib: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``ia`` and ``ib`` (sorted, unique) of their common values."""
    if ia.size == 0 or ib.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    pb = np.searchsorted(ib, ia)
    pb[pb == ib.size] = 0
    hit = ib[pb] == ia
    return np.flatnonzero(hit), pb[hit]


class _DenseRows:
    """One profile's word vectors scattered densely, per field, made on first use.

    Explaining k suggestions for one profile then costs one gather per suggestion and field.
    """

    def __init__(self, index: ProfileIndex, i: int) -> None:
        self.index, self.i = index, i
        self._rows: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        row = self._rows.get(name)
        if row is None:
            m = self.index.word_matrices[name]
            row = np.zeros(m.shape[1], dtype=np.float32)
            s, e = m.indptr[self.i], m.indptr[self.i + 1]
            row[m.indices[s:e]] = m.data[s:e]
            self._rows[name] = row
        return row


def _top_terms(
    dense_a: _DenseRows,
    name_a: str,
    name_b: str,
    rows: np.ndarray,
    n: int,
    generic: np.ndarray | None = None,
) -> list[list[int]]:
    """For each row j in ``rows``: the n word features contributing most to
    cos(field_a of A, field_b of j), best first (ties by feature id), never a ``generic``
    one; one pass for all rows.
    """
    m = dense_a.index.word_matrices[name_b]
    starts, lens = m.indptr[rows], m.indptr[rows + 1] - m.indptr[rows]
    offsets = np.cumsum(lens) - lens
    pos = np.repeat(starts - offsets, lens) + np.arange(int(lens.sum()))  # gather of rows
    feats = m.indices[pos]
    prod = dense_a[name_a][feats] * m.data[pos]
    row_of = np.repeat(np.arange(len(rows)), lens)
    keep = prod > 0
    if generic is not None:
        keep &= ~generic[feats]
    feats, prod, row_of = feats[keep], prod[keep], row_of[keep]
    order = np.lexsort((feats, -prod, row_of))
    feats, row_of = feats[order], row_of[order]
    starts = np.searchsorted(row_of, np.arange(len(rows) + 1))
    return [feats[starts[r] : min(starts[r + 1], starts[r] + n)].tolist() for r in range(len(rows))]


def _words(index: ProfileIndex, terms: list[int], i: int, name: str) -> list[str]:
    """Readable words for feature ids: the profile's own surface words, else the corpus'."""
    own, corpus, vocab = index.surface_words(i, name), index.surface, index.terms
    out: dict[str, None] = {}
    for t in terms:
        term = vocab[t]
        out[own.get(term) or corpus.get(term, term)] = None
    return list(out)


def _cos(index: ProfileIndex, name_a: str, i: int, name_b: str, j: int) -> float:
    """cos(field_a of row i, field_b of row j) straight from the CSR arrays."""
    ma, mb = index.matrices[name_a], index.matrices[name_b]
    sa, sb = slice(ma.indptr[i], ma.indptr[i + 1]), slice(mb.indptr[j], mb.indptr[j + 1])
    pa, pb = _common(ma.indices[sa], mb.indices[sb])
    return float(np.dot(ma.data[sa][pa].astype(np.float64), mb.data[sb][pb]))


def explain(
    index: ProfileIndex, org_id: int, other_id: int, weights: Weights = DEFAULT_WEIGHTS
) -> list[Reason]:
    """Structured reasons why ``other_id`` suits ``org_id`` (see the module docstring)."""
    return _explain(index, index.pos(org_id), index.pos(other_id), weights)


def _explain(
    index: ProfileIndex,
    i: int,
    j: int,
    w: Weights = DEFAULT_WEIGHTS,
    cosines: dict[str, float] | None = None,
    terms: dict[str, list[int]] | None = None,
) -> list[Reason]:
    """Reasons why row ``j`` suits row ``i``.

    ``cosines`` (kind -> raw cosine) and ``terms`` (kind -> top features) save recomputing
    what scoring already computed.
    """
    if cosines is None:
        cosines = {kind: _cos(index, fa, i, fb, j) for kind, fa, fb, _ in _TEXT_PARTS}
        cosines.update({kind: _cos(index, fa, i, fb, j) for kind, fa, fb in _SIDE_PARTS})
    if terms is None:
        dense_a, one = _DenseRows(index, i), np.array([j])
        generic = _derived(index, w).generic
        terms = {
            kind: _top_terms(dense_a, fa, fb, one, w.reason_words, generic)[0]
            for kind, fa, fb in _PART_FIELDS
        }
    reasons: list[Reason] = []
    for kind, fa, fb, wname in _TEXT_PARTS:
        weight = round(getattr(w, wname) * cosines[kind], SCORE_DECIMALS)
        if weight <= 0:
            continue
        if terms[kind]:
            reasons.append(
                Reason(
                    kind,
                    _words(index, terms[kind], j, fb),
                    _words(index, terms[kind], i, fa),
                    weight,
                )
            )
    for kind, fa, fb in _SIDE_PARTS:
        weight = round(w.side_stream * cosines[kind], SCORE_DECIMALS)
        if weight <= 0:
            continue
        if terms[kind]:
            their = _words(index, terms[kind], j, fb)
            context = _context_words(index, j, fb, set(terms[kind]), w.context_words, their)
            reasons.append(Reason(kind, their, _words(index, terms[kind], i, fa), weight, context))
    pa, pb = index.profiles[i], index.profiles[j]
    markets = sorted({m.casefold() for m in pa.markets} & {m.casefold() for m in pb.markets})
    if markets and w.shared_market:
        reasons.append(Reason("shared_market", markets, markets, w.shared_market))
    if pa.region and index.regions[i] == index.regions[j] and w.same_region:
        reasons.append(Reason("same_region", [pb.region], [pa.region], w.same_region))
    reasons.sort(key=lambda r: (-r.weight, r.kind))
    return reasons


def _context_words(
    index: ProfileIndex, j: int, name: str, skip: set[int], n: int, shown: list[str]
) -> list[str]:
    """The highest-weighted other words of a field: what a side stream is wanted for."""
    m = index.word_matrices[name]
    idx = m.indices[m.indptr[j] : m.indptr[j + 1]]
    dat = m.data[m.indptr[j] : m.indptr[j + 1]]
    order = np.lexsort((idx, -dat))
    out: dict[str, None] = {}
    for t in idx[order]:
        if int(t) in skip:
            continue
        word = index.word_for(index.terms[int(t)], j, name)
        if word not in shown:
            out[word] = None
        if len(out) >= n:
            break
    return list(out)


# ---------------------------------------------------------------------- public API
def suggest(
    index: ProfileIndex,
    org_id: int,
    k: int = 10,
    exclude: Iterable[int] = frozenset(),
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    with_reasons: bool = True,
) -> list[Suggestion]:
    """The k best partners for ``org_id``, never itself nor an ``exclude``d (dismissed) id."""
    i = index.pos(org_id)
    rows = np.array([i])
    parts, text, bonus = _components_block(index, rows, weights)
    shared = _shares_cluster(index, rows)[0]
    return _pick(
        index,
        i,
        {kd: v[0] for kd, v in parts.items()},
        text[0],
        bonus[0],
        shared,
        k,
        exclude,
        same_cluster_only,
        weights,
        with_reasons,
    )


def suggest_all(
    index: ProfileIndex,
    k: int = 10,
    exclude: Mapping[int, Iterable[int]] | None = None,
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    with_reasons: bool = True,
) -> dict[int, list[Suggestion]]:
    """``suggest`` for every organisation, scored in row blocks (never a dense N x N)."""
    n = len(index)
    exclude = exclude or {}
    block = max(1, min(n, weights.block_cells // max(n, 1)))
    out: dict[int, list[Suggestion]] = {}
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        parts, text, bonus = _components_block(index, rows, weights)
        shared = _shares_cluster(index, rows)
        for r, i in enumerate(rows):
            org = int(index.ids[i])
            row_parts = {kd: v[r] for kd, v in parts.items()}
            out[org] = _pick(
                index,
                int(i),
                row_parts,
                text[r],
                bonus[r],
                shared[r],
                k,
                exclude.get(org, ()),
                same_cluster_only,
                weights,
                with_reasons,
            )
    return out


def joint_bid_partners(
    index: ProfileIndex,
    org_id: int,
    k: int = 5,
    exclude: Iterable[int] = frozenset(),
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Competitors (see ``competitors``), best first by offers-cosine: partners for a joint
    bid, never mixed into ``suggest``. Reasons start with ``same_offers``."""
    i = index.pos(org_id)
    rows = np.array([i])
    parts, _, _ = _components_block(index, rows, weights)
    row_parts = {kd: v[0] for kd, v in parts.items()}
    shared = _shares_cluster(index, rows)[0]
    valid = competitors(row_parts, weights)
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    if same_cluster_only:
        valid &= shared
    score = np.round(row_parts["same_offers"], SCORE_DECIMALS)
    chosen = _top_k(score, valid, k)
    has_clusters = bool(index.profiles[i].clusters)
    generic = _derived(index, weights).generic
    dense_a = _DenseRows(index, i)
    same = _top_terms(dense_a, "offers", "offers", chosen, weights.reason_words, generic)
    out = []
    for r, j in enumerate(chosen):
        reasons = []
        if same[r]:
            reasons.append(
                Reason(
                    "same_offers",
                    _words(index, same[r], int(j), "offers"),
                    _words(index, same[r], i, "offers"),
                    float(score[j]),
                )
            )
        reasons += [x for x in _explain(index, i, int(j), weights) if x.kind != "same_region"]
        out.append(
            Suggestion(
                int(index.ids[j]), float(score[j]), has_clusters and not bool(shared[j]), reasons
            )
        )
    return out


def side_stream_matches(
    index: ProfileIndex,
    org_id: int,
    k: int = 10,
    both_directions: bool = True,
    exclude: Iterable[int] = frozenset(),
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Organisations whose side streams A wants, or (``both_directions``) that want A's."""
    i = index.pos(org_id)
    row_w, row_o = index.row("side_wanted", i), index.row("side_offered", i)
    score = index.similarities(row_w, "side_offered")
    if both_directions:
        score = np.maximum(score, index.similarities(row_o, "side_wanted"))
    score = np.round(score, SCORE_DECIMALS)
    valid = score > 0
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    shared = _shares_cluster(index, np.array([i]))[0]
    has_clusters = bool(index.profiles[i].clusters)
    out = []
    for j in _top_k(score, valid, k):
        reasons = [
            r
            for r in _explain(index, i, int(j), weights)
            if r.kind == "side_stream" or (both_directions and r.kind == "side_stream_taken")
        ]
        out.append(
            Suggestion(
                int(index.ids[j]), float(score[j]), has_clusters and not bool(shared[j]), reasons
            )
        )
    return out


def similar(
    index: ProfileIndex, org_id: int, k: int = 10, exclude: Iterable[int] = frozenset()
) -> list[tuple[int, float]]:
    """Thematically similar organisations: cosine of whole-profile vectors, best first."""
    i = index.pos(org_id)
    scores = np.round(index.similarities(index.row("whole", i), "whole"), SCORE_DECIMALS)
    valid = scores > 0
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    return [(int(index.ids[j]), float(scores[j])) for j in _top_k(scores, valid, k)]


def query(
    index: ProfileIndex,
    text: str,
    k: int = 10,
    field_name: str = "whole",
    lang: str | None = None,
    langs: Iterable[str] = (),
) -> list[tuple[int, float]]:
    """Free text -> the k best matching organisations (by ``field_name``), best first.

    A short text is read in every language of the index and ``langs`` (the viewer's), not
    guessed from its few words; ``lang`` forces one language.
    """
    if not words(text) or not len(index):
        return []
    vec = index.vectorise(text, lang, langs)
    scores = np.round(index.similarities(vec, field_name), SCORE_DECIMALS)
    return [(int(index.ids[j]), float(scores[j])) for j in _top_k(scores, scores > 0, k)]


def cluster_fit(
    index: ProfileIndex, newcomer: Profile | str, k_members: int = 5
) -> list[ClusterFit]:
    """Clusters ranked by the mean of the newcomer's k best similarities to their members.

    A profile that is already indexed is not compared with itself.
    """
    if isinstance(newcomer, Profile):
        text = newcomer.field_texts()["whole"]
        self_pos = index.position.get(newcomer.id)
    else:
        text, self_pos = newcomer, None
    if not words(text) or not len(index):
        return []
    sims = np.round(index.similarities(index.vectorise(text), "whole"), SCORE_DECIMALS)
    if self_pos is not None:
        sims[self_pos] = -1.0
    ct = index.clusters_t
    fits = []
    for c, cid in enumerate(index.cluster_ids):
        members = ct.indices[ct.indptr[c] : ct.indptr[c + 1]]
        members = members[members != self_pos] if self_pos is not None else members
        if members.size == 0:
            continue
        top = _top_k(sims[members], np.ones(members.size, dtype=bool), k_members)
        chosen = members[top]
        score = float(np.mean(np.clip(sims[chosen], 0, None)))
        fits.append(
            ClusterFit(
                cid,
                round(score, SCORE_DECIMALS),
                [(int(index.ids[m]), float(max(sims[m], 0.0))) for m in chosen],
            )
        )
    fits.sort(key=lambda f: (-f.score, f.cluster_id))
    return fits
