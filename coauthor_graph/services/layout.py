"""Where to draw a network's nodes: a force-directed layout (Fruchterman & Reingold 1991), deterministic.

Hand-written in numpy because the libraries measured too slow or not repeatable for the sizes drawn
here: igraph's layout took 5.0 s at 2,000 nodes and moved by ~1e-3 between runs with the same seed,
networkx's `spring_layout` 13.8 s (its sparse path above 500 nodes is a Python loop); this one, the
same algorithm as networkx's dense path written with matrix products only, takes 0.4 s at 1,000 nodes
and 1.4 s at 2,000. Nodes start at
positions drawn from a fixed seed in id order, so the same network always gets the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coauthor_graph.services.networks import Network

SEED = 7
ITERATIONS = 60
MAX_NODES = 2_000
"""Larger networks get no coordinates: a picture of them is unreadable, and VOSviewer and Gephi lay
them out themselves (the cost here grows with the square of the nodes)."""


def force_layout(network: Network, iterations: int = ITERATIONS) -> dict[str, tuple[float, float]]:
    """Each node's (x, y), within [-1, 1]; empty when the network has more than `MAX_NODES` nodes."""
    ids = [node.id for node in network.nodes]
    if not ids or len(ids) > MAX_NODES:
        return {}
    index = {node_id: i for i, node_id in enumerate(ids)}
    weights = np.zeros((len(ids), len(ids)), dtype=np.float32)
    for link in network.links:
        i, j = index[link.source], index[link.target]
        weights[i, j] = weights[j, i] = np.log1p(link.strength)
    return dict(zip(ids, _fruchterman_reingold(weights, iterations), strict=True))


def _fruchterman_reingold(weights: np.ndarray, iterations: int) -> Sequence[tuple[float, float]]:
    n = len(weights)
    position = np.random.default_rng(SEED).random((n, 2), dtype=np.float32)
    k = np.float32(np.sqrt(1.0 / n))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        # sum_j (p_i - p_j) f_ij = p_i sum_j f_ij - (F p)_i: only n-by-n matrices, no n-by-n-by-2 one
        squared = (position**2).sum(axis=1)
        distance2 = np.maximum(squared[:, None] + squared[None, :] - 2 * position @ position.T, 1e-4)
        distance = np.sqrt(distance2)
        force = k * k / distance2 - weights * distance / k
        np.fill_diagonal(force, 0)
        displacement = position * force.sum(axis=1)[:, None] - force @ position
        length = np.maximum(np.sqrt((displacement**2).sum(axis=-1)), 0.01)
        position += displacement * (temperature / length)[:, None]
        temperature -= cooling
    position -= position.mean(axis=0)
    scale = np.abs(position).max() or 1.0
    return [(round(float(x), 4), round(float(y), 4)) for x, y in position / scale]
