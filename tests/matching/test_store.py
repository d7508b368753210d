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
