"""The bench table: a Rich table for the terminal and Markdown for the README, ratios within groups."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from segment_agent.bench.suites import BenchRow

HEADERS = ("capability", "measured on", "median", "vs first", "samples", "peak RSS", "notes")


def ratios(rows: Sequence[BenchRow]) -> list[str]:
    """Per row: its figure divided by the first figure of its group ('' for the first and lone rows).

    >>> rows = [BenchRow(group="g", label="a", value=2, unit="s", samples=1, peak_rss_mb=1),
    ...         BenchRow(group="g", label="b", value=9, unit="s", samples=1, peak_rss_mb=1)]
    >>> ratios(rows)
    ['', '4.5x a']
    """
    firsts: dict[str, BenchRow] = {}
    out = []
    for row in rows:
        first = firsts.setdefault(row.group, row)
        out.append("" if first is row or not first.value else f"{row.value / first.value:.1f}x {first.label}")
    return out


def cells(rows: Sequence[BenchRow]) -> list[tuple[str, ...]]:
    """The table's cells, one tuple per row, in HEADERS order."""
    return [
        (row.group, row.label, _value(row), ratio, str(row.samples), f"{row.peak_rss_mb:,.0f} MB", row.detail)
        for row, ratio in zip(rows, ratios(rows), strict=True)
    ]


def bench_table(rows: Sequence[BenchRow], machine: str) -> Table:
    """The terminal table, with the machine in the caption."""
    table = Table(title="segment-agent bench", caption=machine, title_justify="left")
    for header in HEADERS:
        table.add_column(header, justify="right" if header in ("median", "samples", "peak RSS") else "left")
    for row in cells(rows):
        table.add_row(*row)
    return table


def bench_markdown(rows: Sequence[BenchRow], machine: str, command: str) -> str:
    """A Markdown table for the README, saying where and how the figures were made."""
    lines = [
        f"Measured with `{command}` on {machine}. Wall times are medians over `samples` runs; p50",
        "figures are over `samples` timed calls. Each case runs in its own process (peak RSS is its own).",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|---|---|---:|---|---:|---:|---|",
    ]
    lines += ["| " + " | ".join(cell) + " |" for cell in cells(rows)]
    return "\n".join(lines) + "\n"


def _value(row: BenchRow) -> str:
    if row.unit == "ms" and row.value < 10:
        return f"{row.value:.2f} ms"
    return f"{row.value:,.1f} {row.unit}"
