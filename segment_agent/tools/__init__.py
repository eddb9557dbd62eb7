"""Plain, typed capabilities (no LangGraph here): warehouse, demo data, catalog, search, SQL."""
