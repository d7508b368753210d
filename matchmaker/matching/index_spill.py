"""Where a build puts its big arrays: in memory, or straight into ``.npy`` files (spilled).

A build of a million profiles makes a profile blob, six count matrices, six TF-IDF matrices
and their transposes, gigabytes in all. Held together they peaked at 6.8 GB; spilled, each
array is written to the directory that ``matching.store`` turns into the stored build as
soon as it is made and dropped from memory, so the building process holds at most one field
at a time (its matrix and its transpose, for the transposition). The arrays the finished
index keeps are those files, memory-mapped read-only, as ``store.load`` maps them.

``Sink(None)`` keeps everything in memory (small indexes, tests): the same build, the same
arrays. Nothing is pickled; scratch files (the count matrices) are deleted once read.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

_HEADER = 128  # bytes reserved for an .npy header written once the length is known
_BUFFER = 1 << 20  # bytes gathered before a piece is written


def npy_header(dtype: np.dtype, n: int) -> bytes:
    """An .npy (format 1.0) header of exactly ``_HEADER`` bytes for a 1-D array of ``n``."""
    text = repr(
        {
            "descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
            "fortran_order": False,
            "shape": (n,),
        }
    )
    room = _HEADER - 10  # magic (6), version (2), header length (2)
    if len(text) + 1 > room:
        raise ValueError("array too long for the reserved .npy header")
    body = (text + " " * (room - len(text) - 1) + "\n").encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(body)) + body


class Appender:
    """A 1-D array written piece by piece: into a file (``path``) or kept in memory. Small
    pieces (one profile's JSON) are gathered in a buffer of ``_BUFFER`` bytes first."""

    def __init__(self, path: Path | None, dtype: np.dtype | type) -> None:
        self.path, self.dtype, self.length = path, np.dtype(dtype), 0
        self._parts: list[np.ndarray] = []
        self._buf = bytearray()
        self._fh = None
        if path is not None:
            self._fh = open(path, "wb")  # noqa: SIM115 - closed by done()
            self._fh.write(b"\0" * _HEADER)

    def add(self, values: np.ndarray | bytes) -> None:
        if isinstance(values, bytes | bytearray):
            raw = values
        else:
            raw = np.ascontiguousarray(values, dtype=self.dtype).tobytes()
        self.length += len(raw) // self.dtype.itemsize
        self._buf += raw
        if len(self._buf) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        if not self._buf:
            return
        if self._fh is None:
            self._parts.append(np.frombuffer(bytes(self._buf), dtype=self.dtype))
        else:
            self._fh.write(self._buf)
        self._buf = bytearray()

    def done(self, mapped: bool = True) -> np.ndarray:
        """The whole array: mapped read-only from its file (``mapped``), else read into
        memory (and a scratch file deleted); in memory mode the parts joined."""
        self._flush()
        if self._fh is None:
            out = np.concatenate(self._parts) if self._parts else np.zeros(0, self.dtype)
            self._parts = []
            return out
        self._fh.seek(0)
        self._fh.write(npy_header(self.dtype, self.length))
        self._fh.close()
        self._fh = None
        assert self.path is not None
        if mapped:
            return np.load(self.path, mmap_mode="r", allow_pickle=False)
        out = np.fromfile(self.path, dtype=self.dtype, offset=_HEADER)
        os.unlink(self.path)
        return out

    def discard(self) -> None:
        """Close without keeping anything (a build that failed)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class Sink:
    """The arrays of one build: ``.npy`` files in ``directory``, or memory (None)."""

    def __init__(self, directory: str | os.PathLike | None) -> None:
        self.directory = None if directory is None else Path(directory)

    @property
    def spills(self) -> bool:
        return self.directory is not None

    def appender(self, name: str, dtype: np.dtype | type) -> Appender:
        """A stored array ``name`` written piece by piece."""
        return Appender(None if self.directory is None else self.directory / f"{name}.npy", dtype)

    def scratch(self, name: str, dtype: np.dtype | type) -> Appender:
        """An intermediate array (read back once with ``done(mapped=False)``)."""
        path = None if self.directory is None else self.directory / f".scratch.{name}"
        return Appender(path, dtype)

    def put(self, name: str, array: np.ndarray) -> np.ndarray:
        """Store ``array`` as ``name``; returns what the index keeps (the mapped file)."""
        if self.directory is None:
            return array
        path = self.directory / f"{name}.npy"
        np.save(path, np.ascontiguousarray(array), allow_pickle=False)
        return np.load(path, mmap_mode="r", allow_pickle=False)
