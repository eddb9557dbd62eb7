"""Hand-made eval results and reports for the report and compare tests."""

from __future__ import annotations

from typing import Any

from segment_agent.eval.results import EvalReport, GoalResult, summarize
from segment_agent.eval.token_costs import Usage


def result(goal_id: str, match: bool, **kwargs: Any) -> GoalResult:
    """A GoalResult with plausible defaults."""
    base: dict[str, Any] = {
        "jaccard": 1.0 if match else 0.0,
        "latency_ms": 100.0,
        "tool_calls": 3,
        "expected_segments": 1,
        "gold_sizes": [10],
        "proposed_sizes": [10] if match else [],
    }
    return GoalResult(id=goal_id, match=match, **{**base, **kwargs})


def report(results: list[GoalResult], started_at: str = "2026-11-20T10:00:00+00:00") -> EvalReport:
    """A report over `results` as the harness would build it."""
    return EvalReport(
        goal_file="goals/demo_dev.yaml",
        database="/data/demo.duckdb",
        entity="customers.customer_id",
        planner="offline",
        started_at=started_at,
        machine="test box",
        summary=summarize(results, ("cl100k_base (tiktoken)", True)),
        results=results,
    )


def sample_results() -> list[GoalResult]:
    """Five goals: two right, a trap, an error, and a correct refusal; one used an LLM."""
    return [
        result(
            "a",
            True,
            tags=["glossary"],
            latency_ms=100.0,
            field_recall=1.0,
            prompt_tokens=1000,
            planner_turns=2,
            baseline_tokens=20000,
            sql=["SELECT 1"],
            fields=["customers.lifetime_value"],
        ),
        result(
            "b",
            False,
            tags=["glossary", "trap"],
            latency_ms=200.0,
            jaccard=0.5,
            trap=True,
            forbidden_used=["customers.ltv"],
            field_recall=0.0,
            prompt_tokens=3000,
            planner_turns=3,
            baseline_tokens=20000,
            sql=["SELECT 2"],
            proposed_sizes=[12],
        ),
        result("c", False, tags=["event"], latency_ms=300.0, error="RuntimeError: boom", tool_calls=7),
        result(
            "d",
            True,
            tags=["unsafe"],
            latency_ms=400.0,
            expected_segments=0,
            gold_sizes=[],
            tool_calls=0,
            usage=Usage(model="gpt-4o-mini", calls=1, input_tokens=900, output_tokens=100),
            cost_usd=0.000195,
        ),
        result("e", True, tags=["event"], latency_ms=500.0),
    ]
