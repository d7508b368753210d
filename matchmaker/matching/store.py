"""A built index on disk: plain ``.npy`` arrays and JSON, memory-mapped when loaded.

``save(index, directory, version)`` writes one build into a temporary directory next to the
others, with a manifest (format, version, sizes and SHA-256 of every file) written last,
renames it into place and then points ``CURRENT`` at it (``os.replace``: atomic). ``load``
reads what ``CURRENT`` names, checks the manifest against the files and maps the arrays
read-only (``np.load(mmap_mode="r")``), so every process of a host that loads one build
shares one copy of it in the page cache. A partial or corrupt build raises ``StoreError``
and is never used. Nothing is pickled: arrays are ``.npy`` (``allow_pickle=False``), the
rest is JSON. Arrays are separate ``.npy`` files rather than one ``.npz`` because numpy maps
``.npy`` files but always reads ``.npz`` members into memory.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .bridge import TermBridge
from .candidates import prune
from .index import FIELDS, IndexConfig, Profile, ProfileIndex
from .packed import LANG_CODES, Codes, Positions, StoredProfiles
from .reduced import Reduced

__all__ = ["Codes", "StoreError", "StoredProfiles", "build", "is_mapped", "load", "save", "workdir"]

FORMAT = "matchmaker-index/1"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
_KEEP_BUILDS = 2  # the current build and the one before it (a worker may still map it)


class StoreError(Exception):
    """The stored index is missing, partial or corrupt."""


def is_mapped(array: object) -> bool:
    """Whether an array's memory is a mapped file (a view of one, never a copy)."""
    while array is not None:
        if isinstance(array, np.memmap | mmap.mmap):
            return True
        array = getattr(array, "base", None)
    return False


def _matrices(index: ProfileIndex) -> dict[str, sp.csr_matrix]:
    out = {f"matrix.{n}": index.matrices[n] for n in FIELDS}
    out.update({f"transposed.{n}": index.transposed[n] for n in FIELDS})
    out.update({f"pruned.{n}": m for n, m in getattr(index, "pruned", {}).items()})
    out.update(
        markets=index.markets,
        markets_t=index.markets_t,
        clusters=index.clusters,
        clusters_t=index.clusters_t,
        divisions=index.divisions,
    )
    return out


def _arrays(index: ProfileIndex) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for name, m in _matrices(index).items():
        m = m.tocsr()
        m.sort_indices()
        index_dtype = np.int64 if m.nnz >= 2**31 - 1 else np.int32
        arrays[f"{name}.data"] = np.ascontiguousarray(m.data, dtype=np.float32)
        arrays[f"{name}.indices"] = np.ascontiguousarray(m.indices, dtype=index_dtype)
        arrays[f"{name}.indptr"] = np.ascontiguousarray(m.indptr, dtype=index_dtype)
    profiles = index.profiles
    if not isinstance(profiles, StoredProfiles):
        profiles = StoredProfiles.pack(profiles)
    arrays["profiles.offsets"] = np.asarray(profiles.offsets, dtype=np.int64)
    arrays["profiles.blob"] = np.asarray(profiles.blob, dtype=np.uint8)
    arrays["ids"] = np.asarray(index.ids, dtype=np.int64)
    arrays["pruned_ids"] = np.asarray(index.pruned_ids, dtype=np.int64)
    arrays["delta_positions"] = np.asarray(index.delta_positions, dtype=np.int64)
    langs = index.languages
    if isinstance(langs, Codes) and langs.names == LANG_CODES:
        arrays["languages"] = np.asarray(langs.codes, dtype=np.uint8)
    else:
        arrays["languages"] = np.array([LANG_CODES.index(c) for c in langs], dtype=np.uint8)
    arrays["regions"] = np.asarray(index.regions, dtype=np.int64)
    assert index._transformer is not None
    arrays["idf"] = np.asarray(index._transformer.idf_, dtype=np.float64)
    if index.reduced is not None:  # LSA components (matching.reduced); small and bounded
        arrays["reduced.basis"] = index.reduced.basis
        arrays["reduced.columns"] = index.reduced.columns
    return arrays


def save(index: ProfileIndex, directory: str | os.PathLike, version: int) -> Path:
    """Write ``index`` as the current build of ``directory``; returns the build's path.

    Only word-feature indexes can be stored (char n-grams need a fitted vectorizer, which
    would have to be pickled).
    """
    if index._char_vectorizer is not None or index._transformer is None:
        raise ValueError("only a built word-feature index can be stored")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    spilled = index.spilled
    own = getattr(index, "base", None) is None  # a fold's (``matching.fold``) are not its own
    if (
        own
        and spilled is not None
        and spilled.is_dir()
        and spilled.parent.resolve() == root.resolve()
    ):
        tmp = spilled  # the build's own arrays are there already (``build(spill=...)``)
    else:
        tmp = workdir(root)
    try:
        files = {}
        written = {p.name for p in tmp.iterdir()} if tmp is spilled else set()
        for name, arr in _arrays(index).items():
            path = tmp / f"{name}.npy"
            if path.name not in written:
                np.save(path, arr, allow_pickle=False)
            files[path.name] = _describe(path)
        meta = {
            "config": asdict(index.config),
            "index_languages": list(index.index_languages),
            "terms": index.terms,
            "n_word_features": index.n_word_features,
            "surface": index.surface,
            "known_stems": {k: sorted(v) for k, v in index.known_stems.items()},
            "market_names": index.market_names,
            "region_names": index.region_names,
            "cluster_ids": index.cluster_ids,
            "division_codes": index.division_codes,
            "shapes": {n: list(m.shape) for n, m in _matrices(index).items()},
            "pruned": sorted(getattr(index, "pruned", {})),
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        files["meta.json"] = _describe(tmp / "meta.json")
        manifest = {
            "format": FORMAT,
            "version": version,
            "profiles": len(index),
            "created": time.time(),
            "files": files,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), "utf-8")
        for path in tmp.iterdir():
            _fsync(path)
        final = root / f"build-{version}-{time.time_ns()}"
        os.rename(tmp, final)
        index.spilled = None  # its files are the build's now (their maps stay valid)
        pointer = root / f".{CURRENT}.{os.getpid()}"
        pointer.write_text(final.name, "utf-8")
        _fsync(pointer)
        os.replace(pointer, root / CURRENT)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(root, final)
    return final


def workdir(directory: str | os.PathLike) -> Path:
    """A new temporary directory in ``directory`` for a build to spill its arrays into
    (``ProfileIndex.build(spill=...)``); ``save`` turns it into the stored build."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))


def build(
    profiles: Iterable[Profile],
    directory: str | os.PathLike,
    version: int,
    bridge: TermBridge | None = None,
    workers: int = 1,
    config: IndexConfig | None = None,
) -> tuple[ProfileIndex, Path]:
    """Build the index of ``profiles`` straight into ``directory`` (its big arrays written
    as they are made, never all held at once), prune its postings and store it as the
    current build: (the index, mapped from the build's files; the build's path)."""
    tmp = workdir(directory)
    try:
        index = ProfileIndex.build(profiles, config, bridge, workers, spill=tmp)
        prune(index)
        return index, save(index, directory, version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(root: Path, keep: Path) -> None:
    """Remove older builds and leftovers of interrupted ones (mapped files stay readable)."""
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith("build-")),
        key=lambda p: p.stat().st_mtime_ns,
    )
    keep_names = {keep.name} | {p.name for p in builds[-_KEEP_BUILDS:]}
    for path in root.iterdir():
        stale_tmp = path.name.startswith(".tmp-") and time.time() - path.stat().st_mtime > 3600
        old = path.name.startswith("build-") and path.name not in keep_names
        if path.is_dir() and (stale_tmp or old):
            shutil.rmtree(path, ignore_errors=True)


def current_build(directory: str | os.PathLike) -> Path | None:
    """The build ``CURRENT`` names, or None when nothing was stored yet."""
    try:
        name = (Path(directory) / CURRENT).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or name.startswith("."):
        raise StoreError(f"{CURRENT} names no build: {name!r}")
    return Path(directory) / name


def read_manifest(build: Path, verify: bool = True) -> dict:
    """The manifest of a build, checked against its files (sizes; ``verify``: SHA-256)."""
    try:
        manifest = json.loads((build / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{build.name}: no readable manifest ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise StoreError(f"{build.name}: unknown format {manifest.get('format')!r}")
    for name, want in manifest.get("files", {}).items():
        path = build / name
        if not path.is_file() or path.stat().st_size != want["size"]:
            raise StoreError(f"{build.name}: {name} is missing or has the wrong size")
        if verify and _describe(path)["sha256"] != want["sha256"]:
            raise StoreError(f"{build.name}: {name} does not match its checksum")
    if "meta.json" not in manifest.get("files", {}):
        raise StoreError(f"{build.name}: the manifest lists no meta.json")
    return manifest


def load(
    directory: str | os.PathLike, bridge: TermBridge | None = None, verify: bool = True
) -> tuple[ProfileIndex, dict]:
    """(index, manifest) of the current build, its arrays memory-mapped read-only.

    ``bridge``: the term bridge queries and folded profiles are read with (the build's own
    concepts and synonyms; default the shipped glossary). StoreError when there is no
    valid build.
    """
    build = current_build(directory)
    if build is None:
        raise StoreError("no index has been built yet")
    manifest = read_manifest(build, verify)
    meta = json.loads((build / "meta.json").read_text("utf-8"))

    def arr(name: str) -> np.ndarray:
        try:
            return np.load(build / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise StoreError(f"{build.name}: {name} is unreadable ({exc})") from None

    def csr(name: str) -> sp.csr_matrix:
        m = sp.csr_matrix(
            (arr(f"{name}.data"), arr(f"{name}.indices"), arr(f"{name}.indptr")),
            shape=tuple(meta["shapes"][name]),
            copy=False,
        )
        m.has_sorted_indices = True
        return m

    index = ProfileIndex()
    config = dict(meta["config"])
    config["char_ngram_range"] = tuple(config["char_ngram_range"])
    index.config = IndexConfig(**config)
    if index.config.bridge:
        index.bridge = bridge if bridge is not None else TermBridge.default()
    index.ids = arr("ids")
    index.position = Positions(index.ids)
    index.profiles = StoredProfiles(arr("profiles.blob"), arr("profiles.offsets"))
    index.languages = Codes(arr("languages"), LANG_CODES)
    index.index_languages = tuple(meta["index_languages"])
    index.terms = meta["terms"]
    index.term_index = {t: j for j, t in enumerate(index.terms)}
    index.n_word_features = meta["n_word_features"]
    index.matrices = {n: csr(f"matrix.{n}") for n in FIELDS}
    index.word_matrices = dict(index.matrices)
    index.transposed = {n: csr(f"transposed.{n}") for n in FIELDS}
    index.pruned = {n: csr(f"pruned.{n}") for n in meta["pruned"]}
    index.pruned_ids = arr("pruned_ids")
    index.delta_positions = arr("delta_positions")
    index.surface = meta["surface"]
    index.known_stems = {k: frozenset(v) for k, v in meta["known_stems"].items()}
    index.markets, index.markets_t = csr("markets"), csr("markets_t")
    index.market_names = meta["market_names"]
    index.regions = arr("regions")
    index.region_names = meta["region_names"]
    index.clusters, index.clusters_t = csr("clusters"), csr("clusters_t")
    index.cluster_ids = meta["cluster_ids"]
    index.divisions = csr("divisions")
    index.division_codes = meta["division_codes"]
    transformer = TfidfTransformer(sublinear_tf=True, norm="l2", smooth_idf=True)
    idf = np.asarray(arr("idf"))
    transformer.idf_ = idf
    transformer.n_features_in_ = len(idf)
    index._transformer = transformer
    if "reduced.basis.npy" in manifest["files"]:
        index.reduced = Reduced(arr("reduced.basis"), arr("reduced.columns"))
    if len(index.position) != len(index.profiles) or len(index.languages) != len(index.ids):
        raise StoreError(f"{build.name}: arrays of different lengths")
    return index, manifest
