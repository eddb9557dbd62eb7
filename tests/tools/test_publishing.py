"""publish_segment: approved exactly as shown, published exactly once, consent applied, failures reported."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from segment_agent.settings import get_settings
from segment_agent.tools.catalog import build_catalog
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.consent import audience
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.ledger import Ledger, proposal_hash
from segment_agent.tools.publishing import PublishResult, publish_segment
from segment_agent.tools.registry import Registry, registry_path
from tests.tools.webhook_server import Receiver, webhook_server

SQL = "SELECT customer_id FROM customers WHERE churn_score >= 0.5"


@pytest.fixture(scope="module")
def catalog(demo_db: Path) -> Catalog:
    return build_catalog(demo_db)


@pytest.fixture(scope="module")
def members(demo_db: Path) -> list[int]:
    with DuckDBWarehouse.from_settings(demo_db, get_settings()) as warehouse:
        return warehouse.member_ids(SQL)


def proposal(
    catalog: Catalog, name: str = "Churn risk", sql: str = SQL, pid: str = "r0-s1"
) -> dict[str, Any]:
    hash_ = proposal_hash(name, sql, catalog.entity, catalog.database)
    return {"id": pid, "name": name, "goal": "customers likely to churn", "sql": sql, "hash": hash_}


def approval(
    card: dict[str, Any], action: str = "approve", user: str = "ana", to: tuple = ("registry",)
) -> dict:
    return {"action": action, "user": user, "proposal_hash": card["hash"], "hash": card["hash"],
            "destinations": list(to), "feedback": ""}  # fmt: skip


def publish(
    catalog: Catalog, card: dict[str, Any], decision: dict[str, Any], thread: str = "t1"
) -> PublishResult:
    return publish_segment(
        thread_id=thread, proposal=card, decision=decision, catalog=catalog, settings=get_settings()
    )


def configure(destinations: dict[str, dict[str, Any]]) -> None:
    path = get_settings().home / "destinations.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"destinations": destinations}))


def registry() -> Registry:
    return Registry(registry_path(get_settings()))


def webhook(url: str, **extra: Any) -> dict[str, Any]:
    return {"type": "webhook", "url": url, "batch_size": 100, "timeout_s": 2, "backoff_s": 0.01, **extra}


def test_an_approval_is_published_once(catalog: Catalog, members: list[int]) -> None:
    card = proposal(catalog)
    result = publish(catalog, card, approval(card))
    assert result.status == "published" and result.members == len(members) > 0
    [segment] = registry().list()
    assert segment.id == result.segment_id and segment.sql == SQL and segment.approver == "ana"
    assert registry().members(segment.id) == members
    assert result.destinations["registry"].reachable["email"] < len(members)
    assert "Published 'Churn risk'" in result.message and f"{len(members):,} members" in result.message
    again = publish(catalog, card, approval(card, user="bob"))
    assert again.status == "already_published" and again.segment_id == segment.id
    assert again.message.startswith("Already done.")
    assert registry().get(segment.id).version == 1
    assert Ledger(get_settings().ledger_path).get("t1", "r0-s1").attempts == 1


def test_a_rejection_publishes_nothing(catalog: Catalog) -> None:
    card = proposal(catalog)
    result = publish(catalog, card, approval(card, action="reject"))
    assert result.status == "refused" and "not approved" in result.message
    assert not registry_path(get_settings()).exists()


def test_a_recorded_rejection_wins_over_a_later_approval(catalog: Catalog) -> None:
    card = proposal(catalog)
    Ledger(get_settings().ledger_path).record("t1", card["id"], card["hash"], "reject", "bob", [])
    result = publish(catalog, card, approval(card))
    assert result.status == "refused" and "already decided: rejected by bob" in result.message
    assert not registry_path(get_settings()).exists()


def test_anything_but_the_approved_version_is_refused(catalog: Catalog) -> None:
    card = proposal(catalog)
    tampered = {**card, "sql": SQL.replace("0.5", "0.1")}
    assert publish(catalog, tampered, approval(card)).status == "refused"
    other = proposal(catalog, name="Other")
    stale = {**approval(card), "proposal_hash": other["hash"]}
    result = publish(catalog, card, stale)
    assert result.status == "refused" and "another version" in result.message
    assert publish(catalog, card, {**approval(card), "proposal_hash": None, "hash": None}).status == "refused"
    assert Ledger(get_settings().ledger_path).get("t1", card["id"]) is None


def test_an_unknown_destination_is_refused_before_anything_is_recorded(catalog: Catalog) -> None:
    card = proposal(catalog)
    result = publish(catalog, card, approval(card, to=("registry", "tiktok")))
    assert result.status == "refused" and "Unknown destination 'tiktok'" in result.message
    assert "registry, csv, parquet" in result.message
    assert Ledger(get_settings().ledger_path).get("t1", card["id"]) is None


def test_consent_is_applied_per_destination_channel(
    catalog: Catalog, members: list[int], demo_db: Path
) -> None:
    configure(
        {"email_csv": {"type": "csv", "channel": "email"}, "sms_file": {"type": "parquet", "channel": "sms"}}
    )
    card = proposal(catalog)
    result = publish(catalog, card, approval(card, to=("registry", "email_csv", "sms_file", "csv")))
    assert result.status == "published", result.message
    with DuckDBWarehouse.from_settings(demo_db, get_settings()) as warehouse:
        email = audience(warehouse, catalog, SQL, "email").members
        sms = audience(warehouse, catalog, SQL, "sms").members
    reports = result.destinations
    assert read_ids(reports["email_csv"].path) == email and reports["email_csv"].excluded == len(
        members
    ) - len(email)
    assert read_ids(reports["sms_file"].path) == sms and reports["sms_file"].excluded == len(members) - len(
        sms
    )
    assert read_ids(reports["csv"].path) == members and reports["csv"].excluded == 0
    assert reports["registry"].members == len(members) and reports["registry"].excluded == 0
    assert result.excluded == 2 * len(members) - len(email) - len(sms)
    assert "excluded by email consent" in result.message and "excluded by sms consent" in result.message
    assert Path(reports["csv"].path).name == f"{result.segment_id}__csv.csv"


def test_a_failing_webhook_is_reported_and_retried_later(catalog: Catalog, members: list[int]) -> None:
    with webhook_server(Receiver(always="503")) as server:
        configure({"crm": webhook(server.url, max_retries=1)})
        card = proposal(catalog)
        first = publish(catalog, card, approval(card, to=("registry", "crm")))
        assert first.status == "partial" and first.destinations["registry"].ok
        assert (
            not first.destinations["crm"].ok and "crm failed" in first.message and "HTTP 503" in first.message
        )
        assert Ledger(get_settings().ledger_path).get("t1", card["id"]).state == "failed"
        server.always = None
        second = publish(catalog, card, approval(card, to=("registry", "crm")))
    assert second.status == "published" and second.destinations["crm"].members == len(members)
    assert sorted(server.members()) == members
    assert registry().get(second.segment_id).version == 1


def test_concurrent_publications_publish_once(catalog: Catalog, members: list[int]) -> None:
    with webhook_server(Receiver()) as server:
        configure({"crm": webhook(server.url)})
        card = proposal(catalog)
        barrier, results = threading.Barrier(6), []

        def click() -> None:
            barrier.wait()
            results.append(publish(catalog, card, approval(card, to=("registry", "crm"))).status)

        threads = [threading.Thread(target=click) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results.count("published") == 1 and set(results) <= {
        "published",
        "in_progress",
        "already_published",
    }
    assert sorted(server.members()) == members and set(server.arrivals.values()) == {1}
    assert len(registry().list()) == 1 and registry().list()[0].version == 1


CRASH_SCRIPT = """
import json, os, sys
from segment_agent.settings import get_settings
from segment_agent.tools.catalog_model import Catalog
import segment_agent.tools.delivery as delivery
import segment_agent.tools.publishing as publishing

job = json.load(open(sys.argv[1]))
if sys.argv[2] == "after_approval":
    publishing.Ledger.claim = lambda *args, **kwargs: os._exit(3)
else:
    real_send = delivery.send_batches
    def send_then_die(*args, on_sent, **kwargs):
        def die(key):
            on_sent(key)
            os._exit(3)
        return real_send(*args, on_sent=die, **kwargs)
    delivery.send_batches = send_then_die
publishing.publish_segment(thread_id="t1", proposal=job["proposal"], decision=job["decision"],
                           catalog=Catalog.model_validate(job["catalog"]), settings=get_settings())
os._exit(0)
"""


@pytest.mark.parametrize("crash", ["after_approval", "mid_webhook"])
def test_a_process_killed_while_publishing_is_resumed_exactly_once(
    catalog: Catalog, members: list[int], tmp_path: Path, crash: str
) -> None:
    with webhook_server(Receiver()) as server:
        configure({"crm": webhook(server.url)})
        card = proposal(catalog)
        decision = approval(card, to=("registry", "crm"))
        job = tmp_path / "job.json"
        job.write_text(json.dumps({"proposal": card, "decision": decision, "catalog": catalog.model_dump()}))
        script = tmp_path / "crash.py"
        script.write_text(CRASH_SCRIPT)
        died = subprocess.run([sys.executable, str(script), str(job), crash], capture_output=True, text=True)
        assert died.returncode == 3, died.stderr
        entry = Ledger(get_settings().ledger_path).get("t1", card["id"])
        assert entry.state == ("approved" if crash == "after_approval" else "publishing")
        sent_before = len(server.applied)
        assert sent_before == (0 if crash == "after_approval" else 1)
        resumed = publish(catalog, card, decision)
        assert resumed.status == "published", resumed.message
        assert publish(catalog, card, decision).status == "already_published"
    assert sorted(server.members()) == members and set(server.arrivals.values()) == {1}
    assert resumed.destinations["crm"].webhook.skipped == sent_before
    assert len(registry().list()) == 1 and registry().members(resumed.segment_id) == members


def read_ids(path: str | None) -> list[int]:
    assert path is not None
    return [row[0] for row in duckdb.sql(f"SELECT * FROM '{path}' ORDER BY 1").fetchall()]


def test_a_missing_database_fails_cleanly_and_can_be_retried(catalog: Catalog, tmp_path: Path) -> None:
    moved = catalog.model_copy(update={"database": str(tmp_path / "moved.duckdb")})
    card = proposal(moved)
    result = publish(moved, card, approval(card))
    assert result.status == "failed" and "not published: database file not found" in result.message
    entry = Ledger(get_settings().ledger_path).get("t1", card["id"])
    assert entry.state == "failed", "the claim is released, not left 'publishing'"
    assert publish(moved, card, approval(card)).status == "failed"
    assert Ledger(get_settings().ledger_path).get("t1", card["id"]).attempts == 2
