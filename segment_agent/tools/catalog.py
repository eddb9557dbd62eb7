"""Build the profiled catalog of any DuckDB database, store it next to the data (or in the data home
when that folder is read-only), reload it when unchanged."""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import duckdb
from pydantic import ValidationError

from segment_agent.errors import UserError
from segment_agent.settings import Settings, get_settings
from segment_agent.tools.annotations import infer_legacy, load_annotations, merge_annotations
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.freshness import day, detect_frozen
from segment_agent.tools.profiling import column_kind, profile_table, quote
from segment_agent.tools.sandbox import check_database_file

# Bump whenever profiling or freshness logic changes, so stored catalogs are rebuilt.
FORMAT_VERSION = 3
Progress = Callable[[str, float], None]
Columns = dict[str, list[tuple[str, str, str | None]]]  # table -> [(column, type, comment)]


def catalog_path(db: Path, settings: Settings | None = None) -> Path:
    """Where the catalog of `db` is written: next to it (demo.duckdb -> demo.catalog.json), or in the
    data home when that folder is read-only (a shared database), so it is still reused."""
    if writable_folder(_beside(db).parent):
        return _beside(db)
    return _in_home(db, settings)


def _beside(db: Path) -> Path:
    return db.with_suffix(".catalog.json")


def _in_home(db: Path, settings: Settings | None) -> Path:
    """The catalog of a database whose folder is read-only, kept in the data home."""
    where = db.resolve()
    digest = hashlib.sha256(str(where).encode()).hexdigest()[:16]
    return (settings or get_settings()).catalogs_dir / f"{where.stem}-{digest}.json"


def writable_folder(folder: Path) -> bool:
    """Whether a file can be created in `folder`: permissions, then a real file (root ignores the
    permission bits, a read-only mount or an immutable folder refuses even root)."""
    if not os.access(folder, os.W_OK):
        return False
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-probe-"):
            return True
    except OSError:
        return False


def default_annotations(db: Path) -> Path | None:
    """The annotation file next to `db` (demo.duckdb -> demo.annotations.yaml) when there is one."""
    path = db.with_suffix(".annotations.yaml")
    return path if path.is_file() else None


def fingerprint(db: Path, entity: str | None = None, annotations: Path | None = None) -> str:
    """Changes whenever the data, the annotations, the requested entity or the catalog format change."""
    annotations = annotations or default_annotations(db)
    parts = [f"format={FORMAT_VERSION}", f"entity={entity or 'auto'}"]
    for path in (db, db.with_name(db.name + ".wal")):
        if path.exists():
            st = path.stat()
            parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    if annotations:
        if not annotations.is_file():
            raise UserError(
                f"No annotation file at {annotations}.", hint="Check --annotations or leave it out."
            )
        parts.append(hashlib.sha256(annotations.read_bytes()).hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def build_catalog(
    db: Path, entity: str | None = None, annotations: Path | None = None, progress: Progress | None = None
) -> Catalog:
    """Profile every table of `db` (read-only), detect frozen columns and merge annotations when given."""
    report = progress or (lambda _message, _fraction: None)
    annotations = annotations or default_annotations(db)
    stamp = fingerprint(db, entity, annotations)
    notes = load_annotations(annotations) if annotations else {}
    con = _connect(db)
    try:
        columns = _columns(con, db)
        key = resolve_entity(con, columns, entity)
        fields, row_counts = _profile_all(con, columns, report)
        as_of = _as_of(con, [f for f in fields if f.table == key.split(".", 1)[0]])
        report("Detecting frozen columns", 0.9)
        detect_frozen(con, fields, key, as_of)
    finally:
        con.close()
    warnings = merge_annotations(fields, notes)
    infer_legacy(fields, annotated=bool(notes))
    report("Done", 1.0)
    return Catalog(
        database=str(db.resolve()), entity=key, fingerprint=stamp, as_of=as_of.isoformat(),
        row_counts=row_counts, fields=fields, warnings=warnings,
    )  # fmt: skip


def load_catalog(db: Path, stamp: str | None = None, settings: Settings | None = None) -> Catalog | None:
    """The stored catalog of `db` (with fingerprint `stamp` when given), or None when there is none.

    Both places are read (no write probe): next to `db`, then the data home's copy of a read-only folder.
    """
    for path in (_beside(db), _in_home(db, settings)):
        try:
            catalog = Catalog.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            continue
        if stamp is None or catalog.fingerprint == stamp:
            return catalog
    return None


def store_catalog(catalog: Catalog, db: Path, settings: Settings | None = None) -> Path:
    """Write the catalog where catalog_path says, atomically (a reader never sees half a file)."""
    target = catalog_path(db, settings)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(catalog.model_dump_json().encode())
        os.chmod(tmp.name, 0o644)  # a temporary file is private; the catalog is as readable as the data
        os.replace(tmp.name, target)
    except OSError as err:
        raise UserError(f"Cannot write the catalog to {target}: {err.strerror}.") from err
    return target


def ensure_catalog(
    db: Path,
    entity: str | None = None,
    annotations: Path | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> Catalog:
    """The stored catalog when its fingerprint still matches the data, else a fresh build (then stored)."""
    stored = load_catalog(db, fingerprint(db, entity, annotations), settings)
    if stored is not None:
        return stored
    catalog = build_catalog(db, entity, annotations, progress)
    try:
        store_catalog(catalog, db, settings)
    except UserError as err:
        catalog.warnings.append(f"{err.message} It will be rebuilt next time.")
    return catalog


def resolve_entity(con: duckdb.DuckDBPyConnection, columns: Columns, entity: str | None) -> str:
    """'table.key' that segments are made of: as given, customers.customer_id, or the most referenced key."""
    if entity:
        table, dot, key = entity.partition(".")
        if not dot or not key:
            raise UserError(f"--entity {entity!r} is not TABLE.KEY.", hint=_ENTITY_HINT)
        if table not in columns:
            raise UserError(
                f"No table {table!r} in the database.{_close(table, list(columns))}", hint=_ENTITY_HINT
            )
        names = [c for c, _, _ in columns[table]]
        if key not in names:
            raise UserError(f"No column {key!r} in table {table}.{_close(key, names)}", hint=_ENTITY_HINT)
        return f"{table}.{key}"
    if "customer_id" in {c for c, _, _ in columns.get("customers", [])}:
        return "customers.customer_id"
    refs = {
        (table, c): sum(c in {o for o, _, _ in cols} for t, cols in columns.items() if t != table)
        for table, cols in columns.items()
        for c, _, _ in cols
        if c.endswith("_id")
    }
    for level in sorted(set(refs.values()), reverse=True):
        keys = [k for k, n in refs.items() if n == level and _is_unique_key(con, *k)]
        # A key unique in several tables belongs to the one named after it (user_id -> users).
        owners = [(t, c) for t, c in keys if t in _table_names(c.removesuffix("_id"))]
        if len(keys) == 1 or len(owners) == 1:
            return ".".join(keys[0] if len(keys) == 1 else owners[0])
        if keys:
            found = ", ".join(".".join(k) for k in keys)
            raise UserError(f"Cannot tell which table holds the segment entity: {found}.", hint=_ENTITY_HINT)
    raise UserError(
        "Found no unique, non-NULL key column ending in _id to build segments of.", hint=_ENTITY_HINT
    )


_ENTITY_HINT = "Pass --entity TABLE.KEY, e.g. --entity customers.customer_id."


def _table_names(stem: str) -> set[str]:
    return {stem, f"{stem}s", f"{stem}es", f"{stem.removesuffix('y')}ies"}


def _close(word: str, choices: list[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return f" Did you mean {', '.join(near)}?" if near else ""


def _is_unique_key(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    col = quote(column)
    sql = f"SELECT count({col}) = count(*) AND count(DISTINCT {col}) = count(*) FROM {quote(table)}"
    return bool(con.execute(sql).fetchone()[0])


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    check_database_file(db)
    # No extension autoloading: a SQLite file would otherwise make DuckDB try to download a scanner.
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    try:
        con = duckdb.connect(str(db), read_only=True, config=config)
        con.execute("SET enable_progress_bar = false")
        return con
    except duckdb.Error as err:
        reason = str(err).splitlines()[0]
        raise UserError(f"Cannot open {db} as a DuckDB database: {reason}", hint="Check --db.") from err


def _columns(con: duckdb.DuckDBPyConnection, db: Path) -> Columns:
    """Columns of the base tables in the main schema; tables named _* hold metadata and are skipped."""
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, c.comment FROM duckdb_columns() c "
        "JOIN duckdb_tables() t USING (database_name, schema_name, table_name) "
        "WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT t.temporary "
        "AND NOT starts_with(c.table_name, '_') ORDER BY c.table_name, c.column_index"
    ).fetchall()
    columns: Columns = {}
    for table, column, duck_type, comment in rows:
        columns.setdefault(table, []).append((column, duck_type, comment or None))
    if not columns:
        raise UserError(f"{db} has no tables to catalog.", hint="Check --db.")
    return columns


def _profile_all(
    con: duckdb.DuckDBPyConnection, columns: Columns, report: Progress
) -> tuple[list[FieldInfo], dict[str, int]]:
    total, done = sum(len(cols) for cols in columns.values()), 0
    fields: list[FieldInfo] = []
    row_counts: dict[str, int] = {}
    for table, cols in columns.items():

        def on_chunk(i: int, n: int, table: str = table, base: int = done, width: int = len(cols)) -> None:
            report(f"Profiling {table}", 0.9 * (base + width * i / n) / total)

        row_counts[table], profiles = profile_table(con, table, [(c, t) for c, t, _ in cols], on_chunk)
        fields += [
            FieldInfo(table=table, column=c, type=t, description=comment, profile=profiles[c])
            for c, t, comment in cols
        ]
        done += len(cols)
    return fields, row_counts


def _as_of(con: duckdb.DuckDBPyConnection, entity_fields: list[FieldInfo]) -> date:
    """The data's day: _meta's as_of, else the latest past date in the entity table, else today."""
    try:
        row = con.execute("SELECT CAST(value AS VARCHAR) FROM _meta WHERE key = 'as_of'").fetchone()
    except duckdb.Error:
        row = None
    if row and day(row[0]):
        return day(row[0])
    # Future dates (renewals, expiries) say nothing about when the data was taken.
    latest = date.today() + timedelta(days=1)
    seen = [day(f.profile.max) for f in entity_fields if column_kind(f.type) == "temporal"]
    return max((d for d in seen if d and d <= latest), default=date.today())
