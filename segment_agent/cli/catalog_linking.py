"""`segment-agent catalog linking CASES.yaml`: score schema search on phrase -> field cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from segment_agent.cli.catalog_open import DbOption, open_catalog_and_index
from segment_agent.tools.schema_linking_eval import LinkingReport, run_schema_linking


def linking_command(
    cases: Annotated[Path, typer.Argument(help="Schema-linking cases YAML (cases: [{id, phrase, field}]).")],
    db: DbOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Results a case may hit within.")] = 5,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report here.")] = None,
    show_misses: Annotated[
        bool, typer.Option("--misses", help="List every case not found first (never on a held-out file).")
    ] = False,
) -> None:
    """Recall@1 and @k of schema search on a cases file, per tag, with traps and twin violations."""
    catalog, index = open_catalog_and_index(db)
    result = run_schema_linking(cases, catalog, k=k, index=index)
    console = Console()
    console.print(_summary(cases, result))
    if show_misses and result.misses:
        console.print(_misses(result))
    if json_out is not None:
        json_out.write_text(result.model_dump_json(indent=2), encoding="utf-8")
        console.print(f"JSON report: {json_out}", soft_wrap=True, highlight=False)


def _summary(cases: Path, result: LinkingReport) -> Table:
    k = result.k
    table = Table(title=f"Schema linking: {cases.name} ({result.cases} cases)", title_justify="left")
    for name in ("tag", "cases", "recall@1", f"recall@{k}"):
        table.add_column(name, justify="left" if name == "tag" else "right")
    for tag, score in result.per_tag.items():
        table.add_row(tag, str(score.cases), f"{score.recall_at_1:.3f}", f"{score.recall_at_k:.3f}")
    table.add_section()
    table.add_row("all", str(result.cases), f"{result.recall_at_1:.3f}", f"{result.recall_at_k:.3f}")
    table.caption = (
        f"forbidden look-alike above the right field: {result.forbidden_above_right} · "
        f"deprecated above its certified twin: {result.deprecated_above_certified} · "
        f"search p50 {result.p50_ms} ms"
    )
    return table


def _misses(result: LinkingReport) -> Table:
    table = Table(title="Not found first", title_justify="left")
    for name in ("id", "phrase", "expected", "rank", "got instead"):
        table.add_column(name, overflow="fold")
    for miss in result.misses:
        rank = miss["rank"]
        got = ", ".join(str(g) for g in list(miss["got"])[:3])  # type: ignore[call-overload]
        cells = (miss["id"], miss["phrase"], miss["expected"], "-" if rank is None else str(rank + 1), got)
        table.add_row(*(Text(str(c)) for c in cells))  # case text is data, never Rich markup
    return table
