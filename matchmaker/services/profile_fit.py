"""How well free texts (open opportunities, events) fit an organisation's profile, in the
matching index the process serves (no second TF-IDF)."""

from __future__ import annotations

import scipy.sparse as sp
from flask import current_app

from matchmaker.matching import ProfileIndex
from matchmaker.models import Organisation
from matchmaker.services.matching import current_index

_VECTORS = "matchmaker_text_vectors"
TEXT_VECTORS_KEPT = 2048


def text_vector(index: ProfileIndex, text: str) -> sp.csr_matrix:
    """``index.vectorise(text)``, remembered for the index this process serves: every page
    that ranks open opportunities or events by fit reads the same texts again, and their
    analysis (word keys, bridge, TF-IDF weighing) was most of the partner page's time."""
    app = current_app._get_current_object()
    served = app.extensions.get(_VECTORS)
    if served is None or served[0] is not index:  # a new build or fold: start afresh
        served = app.extensions[_VECTORS] = (index, {})
    vectors = served[1]
    vector = vectors.get(text)
    if vector is None:
        if len(vectors) >= TEXT_VECTORS_KEPT:
            vectors.clear()
        vector = vectors[text] = index.vectorise(text)
    return vector


def profile_fit(
    org: Organisation, texts: dict[int, str], share: bool = True
) -> dict[int, tuple[float, float]]:
    """How well each free text (an event's title, description and sessions) fits an
    organisation, in the same index (no second TF-IDF): (cosine with its whole profile,
    share of all organisations that fit the text better). A long profile and a short text
    have small cosines, so the share is what tells a fitting event apart.

    The share compares the text with every profile; ``share=False`` (callers that rank by
    the cosine alone) skips that and answers 1.0 for it, in time independent of the index."""
    index = current_index()
    if org.id not in index:
        return {}
    pos = index.pos(org.id)
    mine_row = index.row("whole", pos).T
    vectors = {key: text_vector(index, text) for key, text in texts.items()}
    if not share:  # every text's cosine in one product (row by row: the same sums)
        if not vectors:
            return {}
        cosines = (sp.vstack(list(vectors.values()), format="csr") @ mine_row).toarray()[:, 0]
        return {key: (round(float(c), 6), 1.0) for key, c in zip(vectors, cosines, strict=True)}
    out = {}
    for key, vector in vectors.items():
        sims = index.similarities(vector, "whole")
        mine = float(sims[pos])
        out[key] = (round(mine, 6), float((sims > mine).mean()) if len(sims) else 1.0)
    return out
