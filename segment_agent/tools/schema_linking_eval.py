"""Schema-linking eval: does search put the one right field (or value) in its top results for a phrase?

Cases are YAML, `cases: [{id, phrase, field, value, forbid, tags}]`. A case with a value counts
only as a value hit (`customers.state = 'TX'`); without one, any hit on the field counts.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_search import SearchHit, search_schema


class LinkingCase(BaseModel):
    """One phrase and the field (and value) it means; `forbid` lists look-alikes that must not win."""

    id: str
    phrase: str
    field: str
    value: str | None = None
    forbid: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("value", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return None if value is None else str(value)


class TagScore(BaseModel):
    cases: int
    recall_at_1: float
    recall_at_k: float


class LinkingReport(BaseModel):
    """Recall of the right field at 1 and at k, traps fallen into, and every miss with what came instead."""

    cases: int
    k: int
    recall_at_1: float
    recall_at_k: float
    forbidden_above_right: int = Field(description="cases where a forbidden field ranked above the right one")
    deprecated_above_certified: int = Field(description="result lists with a deprecated field above its twin")
    p50_ms: float
    per_tag: dict[str, TagScore]
    misses: list[dict[str, object]]


def load_cases(path: Path) -> list[LinkingCase]:
    """Read and validate a cases file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return [LinkingCase.model_validate(c) for c in data.get("cases", [])]
    except OSError as err:
        raise UserError(f"Cannot read {path}: {err.strerror}.", hint="Check the cases path.") from err
    except (yaml.YAMLError, ValidationError, AttributeError) as err:
        raise UserError(
            f"{path} is not a valid schema-linking file: {err}", hint="Expected cases: [...]."
        ) from err


def rank_of(case: LinkingCase, hits: list[SearchHit]) -> int | None:
    """0-based rank of the first hit that answers the case, or None."""
    for rank, hit in enumerate(hits):
        if hit.field == case.field and (
            case.value is None or (hit.kind == "value" and hit.value == case.value)
        ):
            return rank
    return None


def twin_violations(hits: list[SearchHit], catalog: Catalog) -> int:
    """Deprecated fields ranked above (or shown without) the field that replaces them."""
    first: dict[str, int] = {}
    for rank, hit in enumerate(hits):
        first.setdefault(hit.field, rank)
    bad = 0
    for name, rank in first.items():
        f = catalog.field(name)
        if f is None or f.status != "deprecated" or not f.replaced_by:
            continue
        twin = f.replaced_by if "." in f.replaced_by else f"{f.table}.{f.replaced_by}"
        bad += first.get(twin, len(hits)) > rank
    return bad


def run_schema_linking(
    cases_path: Path, catalog: Catalog, k: int = 5, index: SchemaIndex | None = None
) -> LinkingReport:
    """Run every case through search_schema (PII / legacy included only for cases tagged so)."""
    cases = load_cases(cases_path)
    index = index or ensure_index(catalog)
    ranks: list[int | None] = []
    timings: list[float] = []
    forbidden = violations = 0
    misses: list[dict[str, object]] = []
    for case in cases:
        start = time.perf_counter()
        hits = search_schema(
            case.phrase, catalog, k=k, include_pii="pii" in case.tags, include_legacy="legacy" in case.tags,
            index=index,
        )  # fmt: skip
        timings.append((time.perf_counter() - start) * 1000)
        rank = rank_of(case, hits)
        ranks.append(rank)
        limit = len(hits) if rank is None else rank
        forbidden += any(h.field in case.forbid for h in hits[:limit])
        violations += twin_violations(hits, catalog)
        if rank != 0:
            expected = case.field + (f" = {case.value!r}" if case.value is not None else "")
            got = [h.field + (f" = {h.value!r}" if h.kind == "value" else "") for h in hits]
            misses.append(
                {"id": case.id, "phrase": case.phrase, "expected": expected, "rank": rank, "got": got}
            )
    return LinkingReport(
        cases=len(cases), k=k, recall_at_1=_share(ranks, 1), recall_at_k=_share(ranks, k),
        forbidden_above_right=forbidden, deprecated_above_certified=violations,
        p50_ms=round(statistics.median(timings), 2) if timings else 0.0,
        per_tag=_per_tag(cases, ranks, k), misses=misses,
    )  # fmt: skip


def _share(ranks: list[int | None], k: int) -> float:
    return round(sum(r is not None and r < k for r in ranks) / len(ranks), 4) if ranks else 0.0


def _per_tag(cases: list[LinkingCase], ranks: list[int | None], k: int) -> dict[str, TagScore]:
    tags = sorted({t for c in cases for t in c.tags})
    out = {}
    for tag in tags:
        picked = [r for c, r in zip(cases, ranks, strict=True) if tag in c.tags]
        out[tag] = TagScore(cases=len(picked), recall_at_1=_share(picked, 1), recall_at_k=_share(picked, k))
    return out
