"""The search: seeds and greedy fill, local search (moves, swaps, stand exchanges), kicks."""

from __future__ import annotations

import numpy as np

from .scoring import _AREA_EPS, _State

_EPS = 1e-10  # a move must improve the objective by more than this (float noise)
_BLOCK = 256  # similarity rows computed at a time in local search
_SEED = 20261123  # fixed seed of the kicks: same input, same grouping


def _seed_and_fill(st: _State, themed_stands: np.ndarray) -> None:
    """Farthest-first seeds for unthemed stands, then greedy fill by marginal gain."""
    n, s1 = st.theme.shape
    real = np.flatnonzero(st.real)
    seeds: list[int] = []
    closeness = np.full(n, -np.inf)  # max similarity to any seed or theme so far
    if themed_stands.size:
        closeness = st.theme[:, themed_stands].max(axis=1)
    for s in real:
        if st.themed[s] or st.places[s] < 1:
            continue
        free = (st.label < 0) & (st.norm > 0) & st.room(np.arange(n), int(s))
        if not free.any():
            break
        if not seeds and not themed_stands.size:  # first seed: the most central organisation
            central = st.whole @ np.asarray(st.whole.sum(axis=0)).ravel()
            score = np.where(free, central, -np.inf)
            i = int(np.argmax(score))
        else:
            score = np.where(free, closeness, np.inf)
            i = int(np.argmin(score))
        row = st.sims(np.array([i]))[0]
        st.place(i, int(s), row)
        seeds.append(i)
        closeness = np.maximum(closeness, row)

    # gain[i, t] of placing i on t; only column t changes when something joins t.
    gain = np.full((n, s1), -np.inf)

    def refresh(t: int) -> None:
        if st.size[t] >= st.places[t] or not st.real[t]:
            gain[:, t] = -np.inf
            return
        ts = np.array([t])
        before = st.current(ts)[0]
        after = st.value(
            st.pairs[t] + st.acc[:, t],
            st.tsum[t] + st.theme[:, t],
            np.full(n, st.size[t] + 1),
            np.full(n, t),
        )
        gain[:, t] = after - before + st.pref[:, t]
        gain[(st.label >= 0) | ~st.room(np.arange(n), t), t] = -np.inf

    for t in real:
        refresh(int(t))
    while True:
        flat = int(np.argmax(gain))  # row-major: ties go to the lowest id, then stand
        i, t = divmod(flat, s1)
        if not np.isfinite(gain[i, t]):
            break
        st.place(i, t, st.sims(np.array([i]))[0])
        gain[i, :] = -np.inf
        refresh(t)
    pool = s1 - 1
    for i in np.flatnonzero(st.label < 0):
        st.place(int(i), pool, st.sims(np.array([i]))[0])
    # Whoever is left now stays left over at most: the pool never takes anyone back, so no
    # later step places fewer organisations (without areas this is n minus the places).
    st.places[pool] = st.size[pool]


def _local_search(st: _State, max_passes: int) -> int:
    """Best move or swap per organisation, in id order, until a pass changes nothing."""
    n, s1 = st.theme.shape
    stands = np.arange(s1)
    passes = 0
    while passes < max_passes:
        passes += 1
        improved = False
        for start in range(0, n, _BLOCK):
            block = np.arange(start, min(n, start + _BLOCK))
            sims = st.sims(block)
            for r, i in enumerate(block):
                improved |= _improve(st, int(i), sims[r], stands)
        improved |= _exchange_stands(st)
        if not improved:
            break
    return passes


def _exchange_stands(st: _State) -> bool:
    """Swap the whole member lists of the two stands where that helps most (themes and
    preferences can favour the same groups the other way round, which single swaps miss).
    """
    s1 = len(st.size)
    onehot = np.zeros((s1, len(st.label)))
    onehot[st.label, np.arange(len(st.label))] = 1.0
    theme_of, pref_of = onehot @ st.theme, onehot @ st.pref  # [group s, if on stand t]
    src, dst = np.meshgrid(np.arange(s1), np.arange(s1), indexing="ij")
    cur = st.current(np.arange(s1))
    # group src moves to stand dst and group dst to stand src
    delta = (
        st.value(st.pairs[src], theme_of[src, dst], st.size[src], dst)
        + st.value(st.pairs[dst], theme_of[dst, src], st.size[dst], src)
        - cur[src]
        - cur[dst]
        + pref_of[src, dst]
        + pref_of[dst, src]
        - pref_of[src, src]
        - pref_of[dst, dst]
    )
    fits = (st.size[src] <= st.places[dst]) & (st.size[dst] <= st.places[src]) & (src < dst)
    fits &= (st.used[src] <= st.cap[dst] + _AREA_EPS) & (st.used[dst] <= st.cap[src] + _AREA_EPS)
    delta = np.where(fits, delta, -np.inf)
    a, b = divmod(int(np.argmax(delta)), s1)
    if delta[a, b] <= _EPS:
        return False
    in_a, in_b = st.label == a, st.label == b
    st.label[in_a], st.label[in_b] = b, a
    st.acc[:, [a, b]] = st.acc[:, [b, a]]
    st.pairs[[a, b]] = st.pairs[[b, a]]
    st.size[[a, b]] = st.size[[b, a]]
    st.used[[a, b]] = st.used[[b, a]]
    st.tsum[a], st.tsum[b] = theme_of[b, a], theme_of[a, b]
    return True


def _improve(st: _State, i: int, g: np.ndarray, stands: np.ndarray) -> bool:
    """Apply the best improving move or swap of organisation ``i``; True if one was made."""
    s = int(st.label[i])
    ss = np.array([s])
    cur = st.current(stands)
    base_s = cur[s]
    # moves: i leaves s for any stand t with a free place
    ps_out = st.pairs[s] - (st.acc[i, s] - st.norm[i])
    ts_out = st.tsum[s] - st.theme[i, s]
    leave = st.value(np.array([ps_out]), np.array([ts_out]), np.array([st.size[s] - 1]), ss)[0]
    open_ = (st.size < st.places) & (stands != s) & st.room(i, stands)
    move = np.full(len(stands), -np.inf)
    if open_.any():
        t = stands[open_]
        join = st.value(st.pairs[t] + st.acc[i, t], st.tsum[t] + st.theme[i, t], st.size[t] + 1, t)
        move[open_] = leave - base_s + join - cur[t] + st.pref[i, t] - st.pref[i, s]
    best_move = int(np.argmax(move))
    move_gain = move[best_move]
    # swaps: i <-> j for every j on another stand (or in the pool)
    others = np.flatnonzero(st.label != s)
    swap_gain, best_j = -np.inf, -1
    if others.size:
        t = st.label[others]
        gij = g[others]
        ps_new = ps_out + st.acc[others, s] - gij
        ts_new = ts_out + st.theme[others, s]
        size_s = np.full(others.size, st.size[s])
        pt_new = st.pairs[t] - (st.acc[others, t] - st.norm[others]) + st.acc[i, t] - gij
        tt_new = st.tsum[t] - st.theme[others, t] + st.theme[i, t]
        delta = (
            st.value(ps_new, ts_new, size_s, np.full(others.size, s))
            - base_s
            + st.value(pt_new, tt_new, st.size[t], t)
            - cur[t]
            + st.pref[i, t]
            - st.pref[i, s]
            + st.pref[others, s]
            - st.pref[others, t]
        )
        # both must fit where they go: j in i's place on s, i in j's place on t
        fit = st.room(others, s, st.area[i]) & st.room(i, t, st.area[others])
        delta = np.where(fit, delta, -np.inf)
        k = int(np.argmax(delta))
        swap_gain, best_j = delta[k], int(others[k])
    if max(move_gain, swap_gain) <= _EPS:
        return False
    if move_gain >= swap_gain:
        st.remove(i, g)
        st.place(i, best_move, g)
    else:
        gj = st.sims(np.array([best_j]))[0]
        t = int(st.label[best_j])
        st.remove(i, g)
        st.remove(best_j, gj)
        st.place(i, t, g)
        st.place(best_j, s, gj)
    return True


def _exchange_kick(st: _State, a: int, b: int) -> None:
    """Exchange the members of stands a and b; members over the places go back, least
    similar to the rest first (the other stand always has room for them); members over
    the area go back if they fit there, else to the pool (the fill puts them back later).
    """
    group_a, group_b = np.flatnonzero(st.label == a), np.flatnonzero(st.label == b)
    for i in np.concatenate([group_a, group_b]):
        st.remove(int(i), st.sims(np.array([i]))[0])
    for group, to, back in ((group_a, b, a), (group_b, a, b)):
        for i in group:
            st.place(int(i), to, st.sims(np.array([i]))[0])
        while st.size[to] > st.places[to] or st.used[to] > st.cap[to] + _AREA_EPS:
            on = np.flatnonzero(st.label == to)
            i = int(on[np.argmin(st.acc[on, to] - st.norm[on])])
            g = st.sims(np.array([i]))[0]
            st.remove(i, g)
            fits_back = st.size[back] < st.places[back] and st.room(i, back)
            pool = len(st.size) - 1
            if not fits_back:
                st.places[pool] += 1  # a kick may leave one over; the fill takes it back
            st.place(i, back if fits_back else pool, g)


def _kick(st: _State, rng: np.random.Generator, count: int) -> None:
    """Escape a local optimum: exchange the members of two stands (with repair), or random
    swaps and moves of ``count`` organisations.
    """
    n = len(st.label)
    used = np.flatnonzero(st.size > 0)
    if used.size >= 2 and rng.random() < 0.5:
        a, b = rng.choice(used, size=2, replace=False)
        _exchange_kick(st, int(a), int(b))
        return
    for _ in range(count):
        i = int(rng.integers(n))
        s = int(st.label[i])
        stands = np.arange(len(st.size))
        open_ = np.flatnonzero((st.size < st.places) & (stands != s) & st.room(i, stands))
        others = np.flatnonzero(st.label != s)
        g = st.sims(np.array([i]))[0]
        if open_.size and (rng.random() < 0.5 or not others.size):
            st.remove(i, g)
            st.place(i, int(open_[rng.integers(open_.size)]), g)
        elif others.size:
            j = int(others[rng.integers(others.size)])
            t = int(st.label[j])
            if not (st.room(j, s, st.area[i]) and st.room(i, t, st.area[j])):
                continue  # this swap would over-fill a stand's area
            gj = st.sims(np.array([j]))[0]
            st.remove(i, g)
            st.remove(j, gj)
            st.place(i, t, g)
            st.place(j, s, gj)


def _iterated_search(st: _State, restarts: int, max_passes: int) -> None:
    """Local search, then ``restarts`` times: kick the best so far, search again, keep if better.

    The kicks come from a generator with a fixed seed, so the result is deterministic.
    """
    _local_search(st, max_passes)
    _fill(st)
    best, best_value = st.snapshot(), (st.placed(), st.objective())
    rng = np.random.default_rng(_SEED)
    kick = max(2, len(st.label) // 10)
    for _ in range(restarts):
        _kick(st, rng, kick)
        _local_search(st, max_passes)
        _fill(st)
        value = (st.placed(), st.objective())
        # more organisations placed first, then the higher objective
        more = value[0] > best_value[0]
        if more or (value[0] == best_value[0] and value[1] > best_value[1] + _EPS):
            best, best_value = st.snapshot(), value
        else:
            st.restore(best)


def _fill(st: _State) -> None:
    """Put left-over organisations on stands that have a place and the area for them (the
    best gain first); the pool shrinks with each one, so fewer are left out."""
    pool = len(st.size) - 1
    stands = np.flatnonzero(st.real)
    while True:
        left = np.flatnonzero(st.label == pool)
        if not left.size or not stands.size:
            return
        best, best_i, best_t = -np.inf, -1, -1
        cur = st.current(stands)
        for i in left:
            ok = (st.size[stands] < st.places[stands]) & st.room(int(i), stands)
            if not ok.any():
                continue
            t = stands[ok]
            gain = (
                st.value(st.pairs[t] + st.acc[i, t], st.tsum[t] + st.theme[i, t], st.size[t] + 1, t)
                - cur[ok]
                + st.pref[i, t]
            )
            k = int(np.argmax(gain))
            if gain[k] > best:
                best, best_i, best_t = gain[k], int(i), int(t[k])
        if best_i < 0:
            return
        g = st.sims(np.array([best_i]))[0]
        st.remove(best_i, g)
        st.place(best_i, best_t, g)
        st.places[pool] = st.size[pool]
