"""The partner score's parts, computed for rows of an index against all or some profiles.

The formula and the reason kinds are described in ``matching.partners``; this module holds
the weights, what is derived from an index once (generic terms, TOL value-chain matrices),
the vectorised score parts, the competitor rule and the diversity of a top k.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .index import ProfileIndex
from .overlay import OverlayRows
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
    df = index.document_frequency()
    mask |= (df > w.generic_share * len(index)) & (df >= w.generic_min)
    curated = {normalised_key(w, lang) for w in CURATED_GENERIC for lang in LANGUAGES}
    places = {
        normalised_key(w, lang)
        for region in index.region_names
        for w in words(region)
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
    codes = index.division_codes
    cpos = {c: j for j, c in enumerate(codes)}
    width = max(len(codes), 1)
    div = index.divisions
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


def _dot_rows(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Dense ``a @ b.T`` for a few rows ``a``: each row of ``a`` made dense and multiplied
    by ``b`` (one matrix-vector product each), where a sparse product would transpose ``b``
    first, most of a fast-path query's time. The sums are the same products in the same
    (feature) order."""
    if a.shape[0] > 8:
        return (a @ b.T).toarray()
    dense = np.asarray(a.toarray(), dtype=np.result_type(a.dtype, b.dtype))
    return np.ascontiguousarray((b @ dense.T).T)


def _gather(m: sp.csr_matrix | OverlayRows, cols: np.ndarray) -> list:
    """Rows ``cols`` of a field as [(rows, where they go)]: one part, or for a fold the
    build's rows and the fresh ones apart (``OverlayRows.split``)."""
    if isinstance(m, OverlayRows):
        return m.split(cols)
    return [(m[cols], np.arange(len(cols)))]


def _components_block(
    index: ProfileIndex, rows: np.ndarray, w: Weights, cols: np.ndarray | None = None
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Raw cosines per score part, weighted text score and bonus for ``rows`` x all profiles
    (``cols``: x only those positions, in their order; the values are the same)."""
    m = index.matrices
    gathered: dict[str, list] = {}  # field -> its rows of ``cols``, gathered once
    own: dict[str, sp.csr_matrix] = {}  # field -> ``rows`` of it (one row: views, no index)

    def against(fa: str, fb: str) -> np.ndarray:
        if fa not in own:
            own[fa] = index.row(fa, int(rows[0])) if len(rows) == 1 else m[fa][rows]
        mine = own[fa]
        if cols is None:
            return index.against(mine, fb)
        if fb not in gathered:
            gathered[fb] = _gather(m[fb], cols)
        out = np.zeros((len(rows), len(cols)), dtype=np.float32)
        for part, at in gathered[fb]:
            if part.shape[0]:
                out[:, at] = _dot_rows(mine, part)
        return out

    parts: dict[str, np.ndarray] = {}
    for kind, fa, fb, _ in _TEXT_PARTS:
        parts[kind] = against(fa, fb)
    for kind, fa, fb in _SIDE_PARTS:
        parts[kind] = against(fa, fb)
    width = len(index) if cols is None else len(cols)
    text = np.zeros((len(rows), width), dtype=np.float64)
    for kind, _, _, wname in _TEXT_PARTS:
        text += getattr(w, wname) * parts[kind]
    text += w.side_stream * np.maximum(parts["side_stream"], parts["side_stream_taken"])
    parts["same_offers"] = against("offers", "offers")
    text -= w.same_offers * parts["same_offers"]
    bonus = np.zeros_like(text)
    if w.value_chain:
        d = _derived(index, w)
        if cols is None:
            a_buys = (d.buys[rows] @ d.divisions_t).toarray() > 0  # A buys from B's division
            b_buys = (d.buys @ d.divisions_t[:, rows]).toarray().T > 0  # B buys from A's
        else:
            div = index.divisions
            a_buys = _dot_rows(d.buys[rows], div[cols]) > 0
            b_buys = _dot_rows(div[rows], d.buys[cols]) > 0
        parts["value_chain"] = (a_buys | b_buys).astype(np.float64)
        bonus += w.value_chain * parts["value_chain"]
    if w.shared_market and index.market_names:
        mine = index.markets[rows]
        if cols is None:
            shared = (mine @ index.markets_t).toarray() > 0
        else:
            shared = _dot_rows(mine, index.markets[cols]) > 0
        bonus += w.shared_market * shared
    if w.same_region:
        reg = index.regions[rows][:, None]
        theirs = index.regions if cols is None else index.regions[cols]
        bonus += w.same_region * ((reg == theirs[None, :]) & (reg >= 0))
    return parts, text, bonus


def _shares_cluster(
    index: ProfileIndex, rows: np.ndarray, cols: np.ndarray | None = None
) -> np.ndarray:
    """Boolean block: does row r share at least one cluster with each profile (of ``cols``)."""
    theirs = index.clusters_t if cols is None else index.clusters[cols].T
    return (index.clusters[rows] @ theirs).toarray() > 0


def competitors(parts: dict[str, np.ndarray], w: Weights) -> np.ndarray:
    """Who offers the same things as A more than either meets the other's needs."""
    same = parts["same_offers"]
    met = np.maximum(parts["they_offer_your_need"], parts["you_offer_their_need"])
    return (same >= w.competitor_offers) & (same > met)


def _diverse(
    index: ProfileIndex,
    i: int,
    scores: np.ndarray,
    valid: np.ndarray,
    k: int,
    w: Weights,
    cols: np.ndarray | None = None,
) -> np.ndarray:
    """The k best, at most ``per_kind`` of one kind, among the best ``diversity_pool * k``;
    two candidates are of a kind when what they bring to A is alike (cosine of their offers
    on A's needs and their needs on A's offers >= ``same_kind``). Others of a full kind
    come after the rest. ``cols``: the index positions of ``scores``' entries (None: all);
    the result is positions into ``scores``."""
    local = _top_k(scores, valid, max(k, k * w.diversity_pool) if w.per_kind else k)
    if not w.per_kind or local.size <= 1:
        return local[:k]
    pool = local if cols is None else cols[local]
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
    return local[(picked + deferred)[:k]]
