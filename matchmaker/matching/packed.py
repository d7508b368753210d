"""Per-profile data packed into flat arrays instead of one Python object per profile.

A million profiles as ``Profile`` objects, a list of language names and an id -> row dict
cost gigabytes and seconds per process; packed, they are a few arrays that a stored index
maps read-only (``matching.store``) and that the build writes as it streams
(``matching.index_build``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from .analysis import MIXED, Profile
from .text import LANGUAGES, OTHER

LANG_CODES = (*LANGUAGES, OTHER, MIXED)  # a profile's language as a uint8 code


def profile_json(p: Profile) -> bytes:
    """A profile as UTF-8 JSON (the stored form; never pickled)."""
    return json.dumps(
        {
            "id": p.id,
            "about": p.about,
            "offers": p.offers,
            "needs": p.needs,
            "side_offered": p.side_offered,
            "side_wanted": p.side_wanted,
            "markets": sorted(p.markets),
            "region": p.region,
            "clusters": sorted(p.clusters),
            "name": p.name,
            "industries": sorted(p.industries),
        },
        ensure_ascii=False,
    ).encode()


def profile_from(raw: bytes) -> Profile:
    d = json.loads(raw)
    return Profile(
        id=d["id"],
        about=d["about"],
        offers=d["offers"],
        needs=d["needs"],
        side_offered=d["side_offered"],
        side_wanted=d["side_wanted"],
        markets=frozenset(d["markets"]),
        region=d["region"],
        clusters=frozenset(d["clusters"]),
        name=d["name"],
        industries=frozenset(d["industries"]),
    )


class StoredProfiles(Sequence[Profile]):
    """Profiles kept as JSON in one byte array, made into ``Profile``s on access."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob, self.offsets = blob, offsets

    @classmethod
    def pack(cls, profiles: Sequence[Profile]) -> StoredProfiles:
        blobs = [profile_json(p) for p in profiles]
        offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in blobs], out=offsets[1:])
        return cls(np.frombuffer(b"".join(blobs), dtype=np.uint8), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def raw(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1]].tobytes()

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return profile_from(self.raw(i))

    def __iter__(self) -> Iterator[Profile]:
        return (self[i] for i in range(len(self)))


class FileProfiles(Sequence[Profile]):
    """Profiles read from a stored blob file one at a time (``os.pread``), for a build's
    second pass: nothing of the file is mapped, so what was read stays page cache (shared,
    reclaimable), not memory of the building process or of its forked workers."""

    def __init__(self, path: str | os.PathLike, offsets: np.ndarray, start: int) -> None:
        self.offsets, self.start = offsets, start
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s, e = int(self.offsets[i]), int(self.offsets[i + 1])
        return profile_from(os.pread(self._fd, e - s, self.start + s))

    def __iter__(self) -> Iterator[Profile]:
        return (self[i] for i in range(len(self)))

    def close(self) -> None:
        os.close(self._fd)


class BlobWriter:
    """Appends profiles' JSON to one growing byte buffer (the build's streaming pass)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._ends: list[int] = []

    def add(self, p: Profile) -> None:
        self._buf += profile_json(p)
        self._ends.append(len(self._buf))

    def done(self, order: np.ndarray | None = None) -> StoredProfiles:
        """The profiles written, in ``order`` (row numbers of the writing order) if given."""
        offsets = np.zeros(len(self._ends) + 1, dtype=np.int64)
        offsets[1:] = self._ends
        blob = np.frombuffer(bytes(self._buf), dtype=np.uint8)
        self._buf, self._ends = bytearray(), []
        if order is None:
            return StoredProfiles(blob, offsets)
        starts, ends = offsets[:-1][order], offsets[1:][order]
        new_offsets = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(ends - starts, out=new_offsets[1:])
        out = np.empty(int(new_offsets[-1]), dtype=np.uint8)
        for n, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            out[new_offsets[n] : new_offsets[n + 1]] = blob[s:e]
        return StoredProfiles(out, new_offsets)


class FoldedProfiles(Sequence[Profile]):
    """A built index's profiles with some replaced, added or removed (``fold_in``): row
    ``i`` is ``base[source[i]]``, or ``fresh[-1 - source[i]]`` when that is negative."""

    def __init__(self, base: Sequence[Profile], source: np.ndarray, fresh: list[Profile]):
        self.base, self.source, self.fresh = base, source, fresh

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        src = int(self.source[i])
        return self.base[src] if src >= 0 else self.fresh[-1 - src]

    def __iter__(self) -> Iterator[Profile]:
        return (self[i] for i in range(len(self)))


class Codes(Sequence[str]):
    """A sequence of names stored as small integer codes (the language of every profile)."""

    def __init__(self, codes: np.ndarray, names: Sequence[str]) -> None:
        self.codes, self.names = codes, tuple(names)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self.names[c] for c in self.codes[i]]
        return self.names[self.codes[i]]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


class Positions(Mapping[int, int]):
    """id -> row of an ascending id array, by binary search (no dict of a million ints)."""

    def __init__(self, ids: np.ndarray) -> None:
        self._ids = ids

    def __getitem__(self, org_id: object) -> int:
        if not isinstance(org_id, int | np.integer) or isinstance(org_id, bool):
            raise KeyError(org_id)
        ids = self._ids
        at = int(np.searchsorted(ids, org_id))
        if at < len(ids) and ids[at] == org_id:
            return at
        raise KeyError(org_id)

    def __contains__(self, org_id: object) -> bool:
        try:
            self[org_id]
        except KeyError:
            return False
        return True

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids.tolist())
