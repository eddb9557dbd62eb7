"""The approval ledger: first decision wins, one publisher at a time, dead publishers taken over."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from segment_agent.tools.ledger import Ledger, proposal_hash

H = proposal_hash("VIP", "SELECT customer_id FROM customers", "customers.customer_id", "/db.duckdb")
OTHER = proposal_hash(
    "VIP", "SELECT customer_id FROM customers WHERE 1 = 0", "customers.customer_id", "/db.duckdb"
)


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "ledger.sqlite")


def approve(ledger: Ledger, user: str = "ana", hash_: str = H, action: str = "approve"):
    return ledger.record("t1", "r0-s1", hash_, action, user, ["registry", "csv"])


def test_proposal_hash_binds_name_sql_entity_and_database() -> None:
    base = ("VIP", "SELECT 1", "customers.customer_id", "/a.duckdb")
    assert proposal_hash(*base) == proposal_hash(*base) and len(proposal_hash(*base)) == 32
    for i, changed in enumerate(("VIP2", "SELECT 2", "orders.customer_id", "/b.duckdb")):
        assert proposal_hash(*base[:i], changed, *base[i + 1 :]) != proposal_hash(*base)


def test_a_decision_is_recorded_with_who_when_and_what(ledger: Ledger) -> None:
    entry, accepted = approve(ledger)
    assert accepted
    assert (entry.action, entry.state, entry.decided_by, entry.proposal_hash) == (
        "approve",
        "approved",
        "ana",
        H,
    )
    assert entry.destinations == ["registry", "csv"] and entry.decided_at.startswith("20")


def test_the_first_decision_wins(ledger: Ledger) -> None:
    approve(ledger, user="ana")
    again, accepted = approve(ledger, user="bob")
    assert accepted and again.decided_by == "ana", (
        "an identical repeat (double click) is accepted, not re-recorded"
    )
    assert approve(ledger, action="reject")[1] is False
    assert approve(ledger, hash_=OTHER)[1] is False
    assert ledger.get("t1", "r0-s1").action == "approve"


def test_a_rejection_blocks_a_later_approval_and_its_claim(ledger: Ledger) -> None:
    approve(ledger, action="reject")
    entry, accepted = approve(ledger)
    assert not accepted and entry.state == "rejected"
    assert ledger.claim("t1", "r0-s1", H).outcome == "refused"


def test_only_what_was_approved_can_be_claimed(ledger: Ledger) -> None:
    assert ledger.claim("t1", "r0-s1", H).outcome == "refused", "nothing approved yet"
    approve(ledger)
    assert ledger.claim("t1", "r0-s1", OTHER).outcome == "refused"
    assert ledger.claim("t1", "r0-s1", H).outcome == "claimed"


def test_one_claim_at_a_time_then_published_for_good(ledger: Ledger) -> None:
    approve(ledger)
    first = ledger.claim("t1", "r0-s1", H)
    assert first.outcome == "claimed" and first.token and first.entry.state == "publishing"
    assert ledger.claim("t1", "r0-s1", H).outcome == "in_progress", "the holder (this process) is alive"
    assert not ledger.finish("t1", "r0-s1", "someone-else", "published", {})
    assert ledger.finish("t1", "r0-s1", first.token, "published", {"status": "published"})
    later = ledger.claim("t1", "r0-s1", H)
    assert later.outcome == "published" and later.entry.result == {"status": "published"} and not later.token


def test_a_failed_publication_can_be_claimed_again(ledger: Ledger) -> None:
    approve(ledger)
    claim = ledger.claim("t1", "r0-s1", H)
    ledger.finish("t1", "r0-s1", claim.token, "failed", {"status": "partial"})
    retry = ledger.claim("t1", "r0-s1", H)
    assert retry.outcome == "claimed" and retry.entry.attempts == 2


def test_concurrent_claims_let_exactly_one_through(ledger: Ledger) -> None:
    approve(ledger)
    barrier, outcomes = threading.Barrier(8), []

    def race() -> None:
        barrier.wait()
        outcomes.append(ledger.claim("t1", "r0-s1", H).outcome)

    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["claimed"] + ["in_progress"] * 7


def test_a_claim_held_by_a_dead_process_is_taken_over(ledger: Ledger) -> None:
    approve(ledger)
    script = (
        "import os, sys; from segment_agent.tools.ledger import Ledger;"
        f"c = Ledger(sys.argv[1]).claim('t1', 'r0-s1', {H!r}); assert c.outcome == 'claimed'; os._exit(9)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(ledger.path)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert ledger.get("t1", "r0-s1").state == "publishing"
    takeover = ledger.claim("t1", "r0-s1", H)
    assert takeover.outcome == "claimed" and takeover.entry.attempts == 2


def test_deliveries_are_remembered_per_destination(ledger: Ledger) -> None:
    ledger.mark_delivered("t1", "r0-s1", "crm", "k1")
    ledger.mark_delivered("t1", "r0-s1", "crm", "k1")
    ledger.mark_delivered("t1", "r0-s1", "crm", "k2")
    ledger.mark_delivered("t1", "r0-s1", "ads", "k9")
    assert ledger.delivered("t1", "r0-s1", "crm") == {"k1", "k2"}
    assert ledger.delivered("t2", "r0-s1", "crm") == set()


def test_the_ledger_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "ledger.sqlite"
    approve(Ledger(path))
    assert Ledger(path).get("t1", "r0-s1").decided_by == "ana"
