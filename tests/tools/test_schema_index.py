"""The Chroma schema index: built once per catalog content, reopened from disk, a server by URL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import httpx
import pytest
from chromadb.config import Settings as ChromaSettings

from segment_agent.errors import UserError
from segment_agent.settings import Settings, get_settings
from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.schema_index import ensure_index, forget_location
from segment_agent.tools.schema_search import search_schema
from tests.tools.schema_catalog import small_catalog


def calls() -> tuple[list[float], object]:
    seen: list[float] = []
    return seen, lambda _label, fraction: seen.append(fraction)


def test_build_reports_progress_and_holds_every_document() -> None:
    seen, progress = calls()
    index = ensure_index(small_catalog(), progress=progress)
    counts = {part: c.count() for part, c in index.collections.items()}
    assert sum(counts.values()) == len(index.documents) > len(small_catalog().fields)
    assert seen and seen[-1] == 1.0
    assert (get_settings().chroma_dir).is_dir()
    assert index.query("lifetime value", 3)


def test_unchanged_catalog_is_reopened_not_rebuilt() -> None:
    first = ensure_index(small_catalog())
    forget_location(get_settings())
    seen, progress = calls()
    again = ensure_index(small_catalog(), progress=progress)
    assert again.name == first.name and seen == []


def test_changed_catalog_gets_a_new_collection() -> None:
    catalog = small_catalog()
    before = ensure_index(catalog).name
    changed = small_catalog(fingerprint="small-v2")
    changed.fields.append(
        FieldInfo(table="customers", column="nps_score", type="INTEGER", description="NPS 0-10.")
    )
    assert ensure_index(changed).name != before


def test_interrupted_build_is_redone() -> None:
    index = ensure_index(small_catalog())
    index.collections["open"].delete(ids=[d.id for d in index.documents[:3]])
    forget_location(get_settings())
    seen, progress = calls()
    again = ensure_index(small_catalog(), progress=progress)
    assert seen and sum(c.count() for c in again.collections.values()) == len(again.documents)


def test_reopens_in_a_new_process(data_home: Path) -> None:
    name = ensure_index(small_catalog()).name
    forget_location(get_settings())
    script = f"""
import chromadb
from chromadb.config import Settings
from segment_agent.settings import get_settings
from segment_agent.tools.schema_index import ensure_index
from tests.tools.schema_catalog import small_catalog
seen = []
index = ensure_index(small_catalog(), progress=lambda label, done: seen.append(done))
assert index.name == {name!r} and not seen, seen
path = str(get_settings().chroma_dir)
client = chromadb.PersistentClient(path=path, settings=Settings(anonymized_telemetry=False))
found = client.get_collection({name!r}).query(query_texts=["Texas"], n_results=1)
print(found["ids"][0][0])
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "value:customers.state=TX"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A local Chroma server for HttpClient tests."""
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_chroma_server_by_url(chroma_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGMENT_AGENT_CHROMA_URL", chroma_server)
    get_settings.cache_clear()
    try:
        index = ensure_index(small_catalog())
        hits = search_schema("customers in Texas", small_catalog(), k=3, index=index)
        assert hits[0].field == "customers.state" and hits[0].value == "TX"
        client = chromadb.HttpClient(
            host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]),
            settings=ChromaSettings(anonymized_telemetry=False),
        )  # fmt: skip
        assert index.name in [c.name for c in client.list_collections()]
        assert not get_settings().chroma_dir.exists()
    finally:
        forget_location(get_settings())


def test_unreachable_server_is_a_user_error() -> None:
    settings = Settings(chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(UserError) as err:
        ensure_index(small_catalog(), settings)
    assert "SEGMENT_AGENT_CHROMA_URL" in (err.value.hint or "")


def test_pii_and_legacy_live_apart_and_come_back_only_when_asked() -> None:
    index = ensure_index(small_catalog())
    restricted = set(index.collections["restricted"].get()["ids"])
    assert restricted == {
        "field:customers.email", "field:customers.legacy_seg_code",
        "value:customers.legacy_seg_code=A1", "value:customers.legacy_seg_code=B2",
    }  # fmt: skip
    assert "field:customers.email" not in index.query("email address", 50)
    assert "field:customers.email" in index.query("email address", 50, include_pii=True)
    assert "field:customers.legacy_seg_code" not in index.query("legacy seg code", 50, include_pii=True)
    assert "field:customers.legacy_seg_code" in index.query("legacy seg code", 50, include_legacy=True)
    only_orders = index.query("channel amount", 50, include_pii=True, include_legacy=True, tables=["orders"])
    assert only_orders and all(i.split(":", 1)[1].startswith("orders.") for i in only_orders)
