"""The eval report's data: one GoalResult per goal and the summary (architecture.md names are kept)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pydantic import BaseModel, Field

from segment_agent.eval.token_costs import Usage


class GoalResult(BaseModel):
    """One goal's outcome; the first fields are the contract's per-goal keys."""

    id: str
    match: bool
    jaccard: float
    sql: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
    tool_calls: int = 0
    error: str | None = None
    goal: str = ""
    tags: list[str] = Field(default_factory=list)
    status: str = ""
    expected_segments: int = 0
    answer: str = ""
    field_recall: float | None = None
    trap: bool = False
    forbidden_used: list[str] = Field(default_factory=list)
    gold_sizes: list[int] = Field(default_factory=list)
    proposed_sizes: list[int] = Field(default_factory=list)
    planner_turns: int = 0
    prompt_tokens: int | None = None
    baseline_tokens: int | None = None
    usage: Usage | None = None
    cost_usd: float | None = None


class TagScore(BaseModel):
    """Accuracy over the goals carrying one tag."""

    goals: int
    correct: int
    accuracy: float


class PromptSize(BaseModel):
    """Median prompt tokens per goal: ours (summed over planner turns, and per turn) versus the
    whole-schema baseline (one call; an agent re-sending the schema every turn would pay it each time)."""

    tokenizer: str
    exact: bool
    ours_median: float
    ours_per_turn_median: float
    baseline_median: float
    baseline_over_ours: float | None


class Summary(BaseModel):
    """Aggregates of a run; the first six keys are the contract's."""

    execution_accuracy: float
    goals: int
    field_recall: float | None
    trap_rate: float
    p50_latency_ms: float
    mean_jaccard: float
    p90_latency_ms: float
    p95_latency_ms: float
    tool_calls_mean: float
    tool_calls_max: int
    errors: int
    no_segment_goals: int = Field(
        description="Goals whose gold is [] (missing data, unsafe, injection only)."
    )
    no_segment_correct: int
    by_tag: dict[str, TagScore] = Field(default_factory=dict)
    prompt_size: PromptSize | None = None
    input_tokens_per_goal: float | None = None
    output_tokens_per_goal: float | None = None
    cost_usd_per_goal: float | None = None


class EvalReport(BaseModel):
    """What `segment-agent eval --json` writes."""

    goal_file: str
    database: str
    entity: str
    planner: str
    started_at: str
    machine: str = ""
    summary: Summary
    results: list[GoalResult]


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation percentile (q in 0..100); 0.0 for no values.

    >>> percentile([10, 20, 30, 40], 50)
    25.0
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarize(results: Sequence[GoalResult], tokenizer: tuple[str, bool] | None = None) -> Summary:
    """Every summary figure from the per-goal results."""
    n = len(results)
    latencies = [r.latency_ms for r in results]
    recalls = [r.field_recall for r in results if r.field_recall is not None]
    nothing = [r for r in results if r.expected_segments == 0]
    return Summary(
        execution_accuracy=_share(sum(r.match for r in results), n),
        goals=n,
        field_recall=round(statistics.fmean(recalls), 4) if recalls else None,
        trap_rate=_share(sum(r.trap for r in results), n),
        p50_latency_ms=round(percentile(latencies, 50), 1),
        mean_jaccard=round(statistics.fmean([r.jaccard for r in results]), 4) if n else 0.0,
        p90_latency_ms=round(percentile(latencies, 90), 1),
        p95_latency_ms=round(percentile(latencies, 95), 1),
        tool_calls_mean=round(statistics.fmean([r.tool_calls for r in results]), 2) if n else 0.0,
        tool_calls_max=max((r.tool_calls for r in results), default=0),
        errors=sum(r.error is not None for r in results),
        no_segment_goals=len(nothing),
        no_segment_correct=sum(r.match for r in nothing),
        by_tag=by_tag(results),
        prompt_size=_prompt_size(results, tokenizer),
        **_spend(results),
    )


def by_tag(results: Sequence[GoalResult]) -> dict[str, TagScore]:
    """Accuracy per tag, tags sorted by name."""
    tags = sorted({t for r in results for t in r.tags})
    out = {}
    for tag in tags:
        tagged = [r for r in results if tag in r.tags]
        correct = sum(r.match for r in tagged)
        out[tag] = TagScore(goals=len(tagged), correct=correct, accuracy=_share(correct, len(tagged)))
    return out


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _prompt_size(results: Sequence[GoalResult], tokenizer: tuple[str, bool] | None) -> PromptSize | None:
    counted = [r for r in results if r.prompt_tokens is not None and r.baseline_tokens is not None]
    if not counted or tokenizer is None:
        return None
    ours = statistics.median(r.prompt_tokens for r in counted)
    base = statistics.median(r.baseline_tokens for r in counted)
    per_turn = statistics.median(r.prompt_tokens / max(r.planner_turns, 1) for r in counted)
    return PromptSize(
        tokenizer=tokenizer[0],
        exact=tokenizer[1],
        ours_median=ours,
        ours_per_turn_median=round(per_turn, 1),
        baseline_median=base,
        baseline_over_ours=round(base / ours, 2) if ours else None,
    )


def _spend(results: Sequence[GoalResult]) -> dict[str, float | None]:
    used = [r.usage for r in results if r.usage is not None]
    costs = [r.cost_usd for r in results if r.cost_usd is not None]
    if not used:
        return {}
    return {
        "input_tokens_per_goal": round(statistics.fmean(u.input_tokens for u in used), 1),
        "output_tokens_per_goal": round(statistics.fmean(u.output_tokens for u in used), 1),
        "cost_usd_per_goal": round(statistics.fmean(costs), 6) if costs else None,
    }
