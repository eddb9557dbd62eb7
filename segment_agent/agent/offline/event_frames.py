"""The event a verb names: its table and state ('bought' -> orders where status is completed).

Found by searching the catalog for the verb's phrase from the vocabulary; the tables an event
condition may then filter on are its family: the event table, its hop and its lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from segment_agent.agent.offline.fields import field_words_of_text, kind, usable
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.segment_spec import FieldCondition


@dataclass
class Frame:
    """The table an event lives in and the condition that makes a row that event (status = completed)."""

    table: str
    where: list[FieldCondition] = field(default_factory=list)


def event_frame(query: str, hits: list[dict[str, Any]], catalog: Catalog) -> Frame | None:
    """The event table the verb's phrase found, with the state value or flag the phrase names."""
    said = set(re.findall(r"[a-z]+", query.lower()))
    found = [(h, i) for h in hits if (i := usable(catalog, h["field"])) and i.table != catalog.entity_table]
    if not found:
        return None
    table = found[0][1].table
    if not field_words_of_text(table.replace("_", " ")) & field_words_of_text(query):
        return (
            None  # the verb's phrase names another kind of event ('completed orders' found plays.completed)
        )
    for hit, info in found:
        if info.table == table and hit.get("kind") == "value" and str(hit["value"]).lower() in said:
            return Frame(table, [FieldCondition(field=info.name, op="=", value=hit["value"])])
    for _, info in found:
        if info.table == table and kind(info) == "boolean" and set(info.column.split("_")) <= said:
            return Frame(table, [FieldCondition(field=info.name, op="is_true")])
    return Frame(table)


def family(catalog: Catalog, table: str) -> set[str]:
    """The event table, the table it joins through, and tables that join through it."""
    path = event_path(catalog, table)
    out = {table, *(path.tables if path else [])}
    for other in catalog.tables():
        other_path = event_path(catalog, other) if other != catalog.entity_table else None
        if other_path is not None and other_path.via == table:
            out.add(other)
    return out
