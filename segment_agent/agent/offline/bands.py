"""Numbers asked of a banded text field: 'earning $150k or more' against '<50k', '50-100k', '150k+'.

A band is read from the value itself (bounds, 'k'/'m' magnitudes, '+' and '<' ends), so any banded
column works. Only bands lying wholly inside the range asked are chosen; an exact amount ('exactly
$1M') is no band, so the field cannot answer it.
"""

from __future__ import annotations

import math
import re

from segment_agent.agent.offline.marks import Comparison
from segment_agent.tools.catalog_model import FieldInfo

_AMOUNT = r"\$?\s*(\d+(?:\.\d+)?)\s*([km]?)"
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6}


def band(value: str) -> tuple[float, float] | None:
    """(low, high) of a band such as '50-100k', '<50k', '150k+', '65 and over'; None for other text."""
    text = value.strip().lower().replace(",", "")
    found = re.findall(_AMOUNT, text)
    if not found or re.search(
        r"[a-jl-z]{3,}", re.sub(r"\b(?:under|over|and|plus|to|or|more|less)\b", "", text)
    ):
        return None
    scale = _SCALE[found[-1][1]]
    numbers = [float(n) * (_SCALE[m] if m else scale) for n, m in found]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if re.search(r"\+|over|more|plus|above", text):
        return numbers[0], math.inf
    if re.search(r"<|under|less|below", text):
        return -math.inf, numbers[0]
    return None


def band_values(info: FieldInfo, cmp: Comparison) -> list[str] | None:
    """The field's bands wholly inside the range `cmp` asks for; None when it is not banded or none fits."""
    values = info.allowed_values or [str(v) for v, _ in info.profile.top_values]
    bands = {v: b for v in values if (b := band(str(v))) is not None}
    if len(bands) < 2 or len(bands) < len(values) or cmp.op not in (">", ">=", "<", "<=", "between"):
        return None
    low, high = _asked(cmp)
    chosen = [v for v, (lo, hi) in bands.items() if lo >= low and hi <= high]
    return chosen or None


def _asked(cmp: Comparison) -> tuple[float, float]:
    values = sorted(cmp.values)
    if cmp.op == "between":
        return values[0], values[-1]
    if cmp.op in (">", ">="):
        return values[0], math.inf
    return -math.inf, values[0]
