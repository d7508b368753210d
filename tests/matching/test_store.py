"""The stored index: same answers as the built one, mapped read-only, never pickled."""

import numpy as np
import pytest

from matchmaker.matching import ProfileIndex, joint_bid_partners, query, similar, store, suggest
from matchmaker.matching.candidates import prune


@pytest.fixture
def built(maritime):
    index = ProfileIndex.build(maritime.values())
    prune(index)
    return index


def test_stored_index_answers_as_the_built_one(built, tmp_path):
    store.save(built, tmp_path, version=7)
    loaded, manifest = store.load(tmp_path)
    assert manifest["version"] == 7 and len(loaded) == len(built)
    for org in built.ids.tolist():
        assert suggest(loaded, org) == suggest(built, org)
        assert joint_bid_partners(loaded, org) == joint_bid_partners(built, org)
        assert similar(loaded, org) == similar(built, org)
    assert query(loaded, "potkuri") == query(built, "potkuri")
    assert list(loaded.profiles) == list(built.profiles)


def test_stored_arrays_are_mapped_read_only_and_not_pickled(built, tmp_path):
    path = store.save(built, tmp_path, version=1)
    loaded, _ = store.load(tmp_path)
    data = loaded.matrices["about"].data
    assert store.is_mapped(data) and not data.flags.writeable
    for npy in path.glob("*.npy"):
        np.load(npy, allow_pickle=False)  # raises for an object (pickled) array


def test_a_new_build_replaces_the_current_one_and_old_ones_are_pruned(built, tmp_path):
    for version in range(1, 5):
        store.save(built, tmp_path, version=version)
    _, manifest = store.load(tmp_path)
    assert manifest["version"] == 4
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("build-")]) == 2


def test_nothing_stored_is_an_error(tmp_path):
    with pytest.raises(store.StoreError):
        store.load(tmp_path)


def _npy_files(path):
    return {p.name: p for p in path.iterdir() if p.suffix == ".npy"}


def test_a_spilled_build_stores_what_an_in_memory_build_stores(maritime, tmp_path):
    # Ids out of order: the build sorts the rows, and the spilled blob is rewritten sorted.
    profiles = sorted(maritime.values(), key=lambda p: -p.id)
    index = ProfileIndex.build(profiles)
    prune(index)
    kept = store.save(index, tmp_path / "memory", version=3)
    spilled, path = store.build(profiles, tmp_path / "spilled", version=3)
    assert sorted(_npy_files(path)) == sorted(_npy_files(kept))
    for name, npy in _npy_files(kept).items():
        a, b = np.load(npy), np.load(path / name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    assert (path / "meta.json").read_bytes() == (kept / "meta.json").read_bytes()
    for org in index.ids.tolist():
        assert suggest(spilled, org) == suggest(index, org)


def test_a_spilled_build_maps_its_big_arrays_from_the_stored_files(maritime, tmp_path):
    """The build writes each big array to the build's directory as it is made and keeps
    only the mapped file (the 1M build held them all at once: 6.8 GB)."""
    index, path = store.build(maritime.values(), tmp_path, version=1)
    big = [index.profiles.blob, index.profiles.offsets]
    for name in ("whole", "about", "offers", "needs"):
        for m in (index.matrices[name], index.transposed[name]):
            big += [m.data, m.indices, m.indptr]
    assert all(store.is_mapped(a) and not a.flags.writeable for a in big)
    assert not [p for p in path.iterdir() if p.name.startswith(".scratch")]
    assert store.current_build(tmp_path) == path and index.spilled is None
    loaded, _ = store.load(tmp_path)
    assert suggest(loaded, index.ids[0]) == suggest(index, index.ids[0])


def test_a_failed_spilled_build_leaves_nothing_behind(maritime, tmp_path):
    def profiles():
        yield from maritime.values()
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        store.build(profiles(), tmp_path, version=1)
    assert list(tmp_path.iterdir()) == []
