"""BM25 over weighted bags of terms."""

from __future__ import annotations

from segment_agent.tools.bm25 import BM25, bag


def test_rare_terms_and_name_weight_win() -> None:
    index = BM25(
        [bag([(["lifetim", "valu"], 3.0)]), bag([(["valu"], 1.0), (["email"], 1.0)]), bag([(["email"], 3.0)])]
    )
    scores = index.scores({"lifetim": 1.0, "valu": 1.0})
    assert scores[0] > scores[1] > scores[2] == 0.0
    assert index.idf["lifetim"] > index.idf["valu"]
    assert index.rarest > index.idf["lifetim"]


def test_bag_adds_concepts_at_half_weight() -> None:
    terms = bag([(["bought"], 2.0)])
    assert terms["bought"] == 2.0
    assert any(t.startswith("~") and w == 1.0 for t, w in terms.items())


def test_empty_index_scores_nothing() -> None:
    assert BM25([]).scores({"x": 1.0}).shape == (0,)
