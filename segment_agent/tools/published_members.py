"""The members of published segments, as dry runs compare with, kept current for long-running servers.

The registry is re-read only when its file (or write-ahead log) changed since the last read: one
`stat` per dry run, so `serve` sees segments published after it started, by itself or by another
process, without ever opening the registry from the sandboxed warehouse connection.
"""

from __future__ import annotations

import threading
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path

import numpy as np

from segment_agent.tools.registry import Registry

Stamp = tuple[tuple[int, int], ...]


class PublishedMembers(Mapping[str, np.ndarray]):
    """Segment id -> member ids (a NumPy array) of every segment published from `database`."""

    def __init__(self, registry: Path, database: str) -> None:
        self.registry = Path(registry)
        self.database = database
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._members: dict[str, np.ndarray] = {}

    def current(self) -> dict[str, np.ndarray]:
        """The published members now, re-read from the registry when it changed."""
        stamp = file_stamp(self.registry)
        with self._lock:
            if stamp != self._stamp:
                self._members = _read(self.registry, self.database) if stamp else {}
                self._stamp = stamp
            return self._members

    def __getitem__(self, segment_id: str) -> np.ndarray:
        return self.current()[segment_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.current())

    def __len__(self) -> int:
        return len(self.current())

    # One snapshot per call, so a publication landing mid-iteration cannot mix two states.
    def items(self) -> ItemsView[str, np.ndarray]:
        return self.current().items()

    def keys(self) -> KeysView[str]:
        return self.current().keys()

    def values(self) -> ValuesView[np.ndarray]:
        return self.current().values()


def file_stamp(path: Path) -> Stamp:
    """(modification time, size) of the DuckDB file and its WAL; empty when the file does not exist."""
    stamps = []
    for part in (path, path.with_name(path.name + ".wal")):
        try:
            info = part.stat()
        except FileNotFoundError:
            continue
        stamps.append((info.st_mtime_ns, info.st_size))
    return tuple(stamps) if path.exists() else ()


def _read(registry: Path, database: str) -> dict[str, np.ndarray]:
    members = Registry(registry).published_members(database)
    return {segment_id: np.asarray(ids, dtype=np.int64) for segment_id, ids in members.items()}
