"""Comparing two eval reports goal by goal."""

from __future__ import annotations

from rich.console import Console

from segment_agent.eval.compare import classify, compare, comparison_markdown, comparison_table
from tests.eval.reports import report, result


def test_classify_each_kind_of_change() -> None:
    right, wrong = result("x", True), result("x", False, jaccard=0.4)
    assert classify(wrong, right) == "fixed"
    assert classify(right, wrong) == "broken"
    assert classify(wrong, result("x", False, jaccard=0.8)) == "better"
    assert classify(wrong, result("x", False, jaccard=0.1)) == "worse"
    assert classify(wrong, result("x", False, jaccard=0.402)) == "same"
    assert classify(None, right) == "added"
    assert classify(right, None) == "removed"


def test_compare_two_runs() -> None:
    old = report(
        [result("a", False, jaccard=0.3), result("b", True), result("gone", True)], "2026-11-01T00:00:00"
    )
    new = report(
        [result("a", True), result("b", False, jaccard=0.9), result("new", True)], "2026-11-02T00:00:00"
    )
    comparison = compare(old, new)
    assert [(g.id, g.change) for g in comparison.goals] == [
        ("a", "fixed"),
        ("b", "broken"),
        ("new", "added"),
        ("gone", "removed"),
    ]
    assert comparison.deltas["execution_accuracy"] == (round(2 / 3, 4), round(2 / 3, 4))
    assert comparison.count("fixed") == 1 and comparison.count("worse") == 0

    text = comparison_markdown(comparison)
    assert "1 fixed, 1 broken, 0 better, 0 worse, 1 added, 1 removed" in text
    assert "| a | fixed | miss (0.30) | match (1.00) |" in text
    console = Console(record=True, width=160)
    console.print(comparison_table(comparison))
    rendered = console.export_text()
    assert "broken" in rendered and "execution_accuracy" in rendered and "2026-11-01" in rendered
