"""Customer batches: the profile is built one customer_id range at a time so memory stays bounded.

Event tables are written in customer order, so DuckDB's zone maps skip most row groups
outside a batch.
"""

from __future__ import annotations

from dataclasses import dataclass

BATCH_CUSTOMERS = 250_000
ORDER_ID_FACTOR = 1000  # order_id = customer_id * ORDER_ID_FACTOR + k (orders.py)


@dataclass(frozen=True)
class Batch:
    """Customers lo..hi (inclusive)."""

    lo: int
    hi: int

    def customers(self, alias: str = "") -> str:
        """SQL condition: the row's customer is in the batch."""
        prefix = f"{alias}." if alias else ""
        return f"{prefix}customer_id BETWEEN {self.lo} AND {self.hi}"

    def orders(self, alias: str = "") -> str:
        """SQL condition: the row's order belongs to a customer of the batch."""
        prefix = f"{alias}." if alias else ""
        return (
            f"{prefix}order_id BETWEEN {self.lo * ORDER_ID_FACTOR} AND {(self.hi + 1) * ORDER_ID_FACTOR - 1}"
        )


def batches(customers: int, size: int | None = None) -> list[Batch]:
    """Consecutive batches of `size` (default BATCH_CUSTOMERS) covering customer_id 1..customers."""
    size = size or BATCH_CUSTOMERS
    return [Batch(lo, min(lo + size - 1, customers)) for lo in range(1, customers + 1, size)]
