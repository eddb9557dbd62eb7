"""Run a goal file through the real graph (SegmentService) and score every goal.

Approval is auto-declined by never answering the pending card, so nothing is ever published;
the eval's threads live in a throwaway checkpoint store, not the user's. Each goal's proposals
(every card of a multi-segment goal) are scored against its gold on the same sandboxed warehouse.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from segment_agent.agent.nodes.plan import system_prompt
from segment_agent.agent.planners import make_planner
from segment_agent.agent.resources import Progress, open_toolbox
from segment_agent.agent.service import SegmentService, ThreadView
from segment_agent.agent.toolbox import Toolbox
from segment_agent.bench.measure import machine
from segment_agent.errors import UserError
from segment_agent.eval.goal_file import Goal, default_entity, load_goal_file, resolve_database
from segment_agent.eval.prompt_size import BaselinePrompt, conversation_tokens, load_tokenizer, tools_text
from segment_agent.eval.results import EvalReport, GoalResult, summarize
from segment_agent.eval.scoring import score_goal
from segment_agent.eval.token_costs import cost_usd, usage_of
from segment_agent.settings import Settings

OnResult = Callable[[GoalResult], None]


class GoalRunner:
    """Runs goals one by one through a SegmentService bound to one database, and scores them."""

    def __init__(self, toolbox: Toolbox, planner: BaseChatModel, checkpoints_home: Path) -> None:
        # Eval threads wait forever for an approval that never comes: keep them out of the user's store.
        settings = toolbox.settings.model_copy(update={"home": Path(checkpoints_home)})
        self.service = SegmentService(dataclasses.replace(toolbox, settings=settings), planner=planner)
        self.warehouse = toolbox.warehouse
        self.tokenizer = load_tokenizer()
        self.baseline = BaselinePrompt(self.tokenizer, toolbox.catalog, toolbox.warehouse)
        self._system = system_prompt(self.service.context)
        self._tools = tools_text(toolbox.as_tools())

    def run(self, goal: Goal) -> GoalResult:
        """Start the goal, take every proposal it makes (deciding nothing) and score them."""
        started = time.perf_counter()
        view: ThreadView | None = None
        answer = ""
        try:
            view = self.service.start(goal.goal, user="eval")
        except UserError as err:  # the product declining a goal is an answer with no segment
            answer = str(err)
        except Exception as err:  # noqa: BLE001 - one broken goal must not stop the run
            return GoalResult(
                id=goal.id,
                goal=goal.goal,
                tags=goal.tags,
                match=False,
                jaccard=0.0,
                expected_segments=len(goal.gold),
                error=f"{type(err).__name__}: {err}",
                latency_ms=_ms_since(started),
            )
        latency = _ms_since(started)
        proposals = view.proposals if view else []
        sqls = [p["sql"] for p in proposals]
        fields = sorted({f["field"].lower() for p in proposals for f in p.get("fields", [])})
        messages = self._messages(view.thread_id) if view else []
        score = score_goal(goal, sqls, fields, self.warehouse)
        prompt_tokens, turns = conversation_tokens(self.tokenizer, self._system, self._tools, messages)
        usage = usage_of(messages)
        return GoalResult(
            id=goal.id, goal=goal.goal, tags=goal.tags, match=score.match, jaccard=score.jaccard, sql=sqls,
            fields=fields, latency_ms=latency, tool_calls=_tool_calls(messages), error=score.error,
            status=view.status if view else "declined", answer=view.answer if view else answer,
            expected_segments=len(goal.gold), field_recall=score.field_recall, trap=score.trap,
            forbidden_used=score.forbidden_used, gold_sizes=score.gold_sizes,
            proposed_sizes=score.proposed_sizes,
            planner_turns=turns, prompt_tokens=prompt_tokens if turns else None,
            baseline_tokens=self.baseline.tokens(goal.goal), usage=usage,
            cost_usd=cost_usd(usage, self.service.toolbox.settings.openai_model),
        )  # fmt: skip

    def _messages(self, thread_id: str) -> list[BaseMessage]:
        snapshot = self.service.graph.get_state({"configurable": {"thread_id": thread_id}})
        return list(snapshot.values.get("messages", []))


def run_goals(
    toolbox: Toolbox, planner: BaseChatModel, goals: Sequence[Goal], on_result: OnResult | None = None
) -> list[GoalResult]:
    """Every goal in order through one runner; `on_result` hears about each as it finishes."""
    results = []
    with tempfile.TemporaryDirectory(prefix="segment-agent-eval-") as home:
        runner = GoalRunner(toolbox, planner, Path(home))
        for goal in goals:
            result = runner.run(goal)
            results.append(result)
            if on_result:
                on_result(result)
    return results


def run_eval(
    goals_path: Path,
    settings: Settings,
    *,
    db: Path | None = None,
    planner: str | BaseChatModel = "offline",
    ids: list[str] | None = None,
    progress: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: OnResult | None = None,
) -> EvalReport:
    """Load the goal file, open its database (built if needed), run the goals and build the report."""
    goal_file = load_goal_file(goals_path)
    goals = goal_file.select(ids)
    database = resolve_database(goal_file, goals_path, settings, db)
    toolbox = open_toolbox(settings, db=database, entity=default_entity(goal_file), progress=progress)
    try:
        model = make_planner(toolbox, planner) if isinstance(planner, str) else planner
        if on_start:
            on_start(len(goals))
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        results = run_goals(toolbox, model, goals, on_result)
    finally:
        toolbox.warehouse.close()
    tokenizer = load_tokenizer()
    return EvalReport(
        goal_file=str(goals_path), database=str(database), entity=toolbox.catalog.entity,
        planner=planner if isinstance(planner, str) else type(planner).__name__, started_at=started,
        machine=machine(), summary=summarize(results, (tokenizer.name, tokenizer.exact)), results=results,
    )  # fmt: skip


def _tool_calls(messages: Sequence[Any]) -> int:
    return sum(len(m.tool_calls) for m in messages if isinstance(m, AIMessage))


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
