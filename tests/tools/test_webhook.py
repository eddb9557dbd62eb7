"""The webhook sender against a real local HTTP server that fails, drops and times out on cue."""

from __future__ import annotations

from collections import Counter

import pytest

from segment_agent.tools.destinations import WebhookConfig
from segment_agent.tools.webhook import MAX_CONSECUTIVE_FAILURES, batch_key, send_batches
from tests.tools.webhook_server import Receiver, webhook_server

IDS = list(range(1, 1001))
SEGMENT = {"id": "vip-1a2b3c4d", "name": "VIP", "proposal_hash": "1a2b3c4d" * 4}


def config(url: str, **overrides: object) -> WebhookConfig:
    values = {"url": url, "batch_size": 100, "timeout_s": 0.3, "max_retries": 3, "backoff_s": 0.01}
    return WebhookConfig.model_validate({**values, **overrides})


def send(url: str, ids: list[int] = IDS, **kwargs: object):
    waits: list[float] = []
    report = send_batches(config(url, **kwargs.pop("overrides", {})), ids, segment=SEGMENT, destination="crm",
                          sleep=waits.append, **kwargs)  # fmt: skip
    return report, waits


def test_faults_are_retried_and_every_member_arrives_exactly_once() -> None:
    faults = {(1, 1): "503", (3, 1): "slow", (5, 1): "drop", (5, 2): "502", (7, 1): "429"}
    with webhook_server(Receiver(faults)) as server:
        report, waits = send(server.url)
    assert report.ok and report.sent == 10 and report.members_sent == len(IDS)
    assert report.retried == 5 and len(waits) == 5
    assert sorted(server.members()) == IDS, "nothing lost, nothing applied twice"
    assert len(server.applied) == 10
    assert sorted(server.arrivals.values()) == [1] * 6 + [2, 2, 2, 3], "retries reuse the batch's key"


def test_each_batch_carries_its_own_stable_idempotency_key() -> None:
    with webhook_server(Receiver()) as server:
        send(server.url)
    keys = [batch_key(SEGMENT["proposal_hash"], "crm", i, IDS[i * 100 : (i + 1) * 100]) for i in range(10)]
    assert list(server.applied) == keys
    assert [b["batch"] for b in server.bodies] == list(range(10))
    assert server.bodies[0]["segment"] == SEGMENT and server.bodies[0]["batches"] == 10
    assert batch_key(SEGMENT["proposal_hash"], "crm", 0, [1, 2]) != batch_key(
        SEGMENT["proposal_hash"], "crm", 0, [1, 3]
    )
    assert batch_key(SEGMENT["proposal_hash"], "crm", 0, [1]) != batch_key(
        SEGMENT["proposal_hash"], "other", 0, [1]
    )


def test_a_permanent_refusal_is_not_retried_and_is_reported() -> None:
    with webhook_server(Receiver({(2, 1): "400"})) as server:
        report, _ = send(server.url)
    assert not report.ok and report.sent == 9 and report.retried == 0
    assert [(f.index, f.attempts, f.error, f.members) for f in report.failed] == [(2, 1, "HTTP 400", 100)]
    assert len(server.members()) == 900 and 201 not in server.members()


def test_a_batch_that_keeps_failing_gives_up_after_the_retries() -> None:
    faults = {(4, n): "503" for n in range(1, 10)}
    with webhook_server(Receiver(faults)) as server:
        report, waits = send(server.url)
    assert [(f.index, f.attempts, f.error) for f in report.failed] == [(4, 4, "HTTP 503")]
    assert report.sent == 9 and report.retried == 3 and len(waits) == 3
    assert server.arrivals[report.failed[0].key] == 4


def test_a_dead_endpoint_stops_after_consecutive_failures() -> None:
    with webhook_server(Receiver(always="503")) as server:
        report, _ = send(server.url, overrides={"max_retries": 1})
    assert len(report.failed) == MAX_CONSECUTIVE_FAILURES
    assert report.not_attempted == 10 - MAX_CONSECUTIVE_FAILURES and report.sent == 0
    assert sum(server.arrivals.values()) == MAX_CONSECUTIVE_FAILURES * 2


def test_an_unreachable_endpoint_is_a_connection_failure() -> None:
    with webhook_server(Receiver()) as server:
        url = server.url
    report, _ = send(url, ids=IDS[:10], overrides={"max_retries": 1})
    assert not report.ok and report.failed[0].error.startswith("connection failed")


def test_batches_already_delivered_are_skipped_and_deliveries_are_reported() -> None:
    first_two = {
        batch_key(SEGMENT["proposal_hash"], "crm", i, IDS[i * 100 : (i + 1) * 100]) for i in range(2)
    }
    delivered: list[str] = []
    with webhook_server(Receiver()) as server:
        report, _ = send(server.url, already_sent=first_two, on_sent=delivered.append)
    assert report.skipped == 2 and report.sent == 8 and report.ok
    assert set(delivered) == set(server.applied) and not first_two & set(server.applied)
    assert Counter(server.arrivals.values()) == Counter({1: 8})


def test_backoff_is_jittered_capped_and_honours_retry_after() -> None:
    with webhook_server(Receiver(always="503")) as server:
        report, waits = send(
            server.url, ids=[1], overrides={"max_retries": 6, "backoff_s": 1.0, "max_backoff_s": 4.0}
        )
    assert report.retried == 6 and len(waits) == 6
    assert all(0 <= w <= 4.0 for w in waits)
    assert waits[0] <= 1.0 and waits[1] <= 2.0
    assert len(set(waits)) > 1, "jittered, not fixed"


def test_retry_after_is_waited_for() -> None:
    with webhook_server(Receiver({(0, 1): "429:2"})) as server:
        report, waits = send(server.url, ids=[1])
    assert report.ok and report.retried == 1 and waits[0] == 2.0


@pytest.mark.parametrize("batch_size", [13, 333, 5000])
def test_batch_sizes_split_the_members_without_loss(batch_size: int) -> None:
    with webhook_server(Receiver()) as server:
        report, _ = send(server.url, overrides={"batch_size": batch_size})
    assert report.batches == -(-len(IDS) // batch_size) and report.ok
    assert server.members() == IDS
