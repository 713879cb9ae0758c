"""Names of things (node ids, title terms) as dense integer keys, so arrays can be indexed by them."""

from __future__ import annotations

import numpy as np


class Interned:
    """Ids as dense keys 0, 1, 2, ..., in the order they were met."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._keys: dict[str, int] = {}

    def key(self, node_id: str) -> int:
        """The id's key, given it if new."""
        key = self._keys.get(node_id)
        if key is None:
            key = self._keys[node_id] = len(self.ids)
            self.ids.append(node_id)
        return key

    def get(self, node_id: str) -> int | None:
        return self._keys.get(node_id)

    def smallest(self, keys: np.ndarray) -> int:
        """The key whose id sorts first: the paths' tie-break."""
        return min(keys.tolist(), key=self.ids.__getitem__)

    def __len__(self) -> int:
        return len(self.ids)

    def __getstate__(self) -> list[str]:
        return self.ids  # the keys follow from the order (`compute.snapshots` pickles millions)

    def __setstate__(self, ids: list[str]) -> None:
        self.ids = ids
        self._keys = {node_id: key for key, node_id in enumerate(ids)}
