"""Okapi BM25 over weighted bags of terms, with postings as numpy arrays so a query is a few vector adds."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from segment_agent.tools.lexical import concepts

K1, B = 1.2, 0.5  # short documents: length matters less than in prose


class BM25:
    """Scores every document for a weighted query; `idf` is also the rarity measure the ranking uses."""

    def __init__(self, bags: list[dict[str, float]]) -> None:
        self.size = len(bags)
        lengths = np.array([sum(b.values()) for b in bags], dtype=np.float64)
        mean = float(lengths.mean()) if self.size else 1.0
        norm = K1 * (1 - B + B * lengths / max(mean, 1e-9))
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, terms in enumerate(bags):
            for term, tf in terms.items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf * (K1 + 1) / (tf + norm[i]))
        self.idf = {
            t: math.log(1 + (self.size - len(ids) + 0.5) / (len(ids) + 0.5))
            for t, (ids, _) in postings.items()
        }
        self.postings = {
            t: (np.array(ids), np.array(tfs) * self.idf[t]) for t, (ids, tfs) in postings.items()
        }

    def scores(self, query: dict[str, float]) -> np.ndarray:
        """BM25 of every document for `query` ({term: weight})."""
        out = np.zeros(self.size)
        for term, weight in query.items():
            found = self.postings.get(term)
            if found is not None:
                out[found[0]] += weight * found[1]
        return out

    @property
    def rarest(self) -> float:
        """The idf of a term no document holds."""
        return math.log(1 + (self.size + 0.5) / 0.5)

    @staticmethod
    def saturation(tf: float) -> float:
        """What a term found `tf` times in an average-length document adds, per unit of idf."""
        return tf * (K1 + 1) / (tf + K1)


def bag(parts: list[tuple[list[str], float]]) -> dict[str, float]:
    """A weighted bag of terms from (stems, weight) parts; each part adds its concepts at half weight."""
    out: Counter[str] = Counter()
    for stems, weight in parts:
        for s in stems:
            out[s] += weight
        for c in concepts(stems):
            out[c] += weight / 2
    return dict(out)
