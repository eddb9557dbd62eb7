"""A small hand-built catalog for schema-search tests: look-alike fields, categorical values, PII, legacy."""

from __future__ import annotations

from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile


def _values(*values: str) -> FieldProfile:
    return FieldProfile(distinct=len(values), top_values=[(v, 100 - i) for i, v in enumerate(values)])


def small_catalog(fingerprint: str = "small-v1") -> Catalog:
    """A dozen customers fields and a few order fields, in the demo's vocabulary."""
    c = "customers"
    fields = [
        FieldInfo(table=c, column="customer_id", type="BIGINT", description="Customer key.", tags=["key"]),
        FieldInfo(
            table=c, column="lifetime_value", type="DECIMAL(12,2)", status="certified",
            description="Net revenue from the customer to date, all channels, in USD.",
        ),
        FieldInfo(
            table=c, column="ltv", type="DECIMAL(12,2)", status="deprecated", replaced_by="lifetime_value",
            description="Old lifetime value (gross), frozen since the 2023 migration.",
        ),
        FieldInfo(
            table=c, column="total_revenue", type="DECIMAL(12,2)", status="certified",
            description="Gross revenue including returned and cancelled orders.",
        ),
        FieldInfo(
            table=c, column="total_purchases", type="INTEGER", status="certified",
            description="Completed orders to date across web, app and store.",
        ),
        FieldInfo(
            table=c, column="purchase_count", type="INTEGER", status="deprecated",
            replaced_by="customers.total_purchases", description="Completed orders (frozen copy).",
        ),
        FieldInfo(
            table=c, column="state", type="VARCHAR", status="certified",
            description="Two-letter state or province code of the shipping address.",
            profile=_values("CA", "TX", "NY", "ON", "FL"),
        ),
        FieldInfo(
            table=c, column="country", type="VARCHAR", status="certified",
            description="Country of the shipping address (ISO code).",
            profile=_values("US", "CA", "GB", "DE"),
        ),
        FieldInfo(
            table=c, column="subscription_status", type="VARCHAR", status="certified",
            description="Status of the customer's subscription.",
            profile=_values("active", "paused", "cancelled"),
        ),
        FieldInfo(
            table=c, column="loyalty_tier", type="VARCHAR", status="certified",
            description="Loyalty program tier.",
            profile=_values("none", "bronze", "silver", "gold", "platinum"),
        ),
        FieldInfo(
            table=c, column="email", type="VARCHAR", status="certified", pii=True,
            description="Email address of the customer.",
        ),
        FieldInfo(
            table=c, column="email_open_rate_90d", type="DOUBLE", status="certified",
            description="Share of delivered emails opened in the last 90 days, machine opens excluded.",
        ),
        FieldInfo(
            table=c, column="legacy_seg_code", type="VARCHAR", status="legacy", tags=["legacy"],
            profile=_values("A1", "B2"),
        ),
        FieldInfo(table="orders", column="order_id", type="BIGINT", description="Order key.", tags=["key"]),
        FieldInfo(
            table="orders", column="channel", type="VARCHAR", status="certified",
            description="Where the order was placed.", profile=_values("web", "app", "store"),
        ),
        FieldInfo(
            table="orders", column="net_amount", type="DECIMAL(12,2)", status="certified",
            description="Order amount after discounts.",
        ),
    ]  # fmt: skip
    return Catalog(
        database="small.duckdb", entity="customers.customer_id", fingerprint=fingerprint, fields=fields
    )
