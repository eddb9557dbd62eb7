"""Send a segment's members to a webhook: batched JSON, retried with backoff and jitter, each batch once.

Every batch carries an `Idempotency-Key` derived from the proposal hash, the destination, the
batch index and the batch's ids: a retry (after a timeout, or a publication resumed after a crash)
sends the same key, so a receiver that honours the key never applies a batch twice, while a batch
whose members changed in between gets a new key and is not mistaken for the old one.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable

import httpx
from pydantic import BaseModel, Field

from segment_agent.tools.destinations import WebhookConfig

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
# After this many batches in a row fail for good, the endpoint is down: stop instead of hammering it.
MAX_CONSECUTIVE_FAILURES = 3


class FailedBatch(BaseModel):
    """A batch that was not delivered, after `attempts` tries."""

    index: int
    key: str
    members: int
    attempts: int
    error: str


class WebhookReport(BaseModel):
    """What reached the endpoint: batches sent now, skipped as sent before, failed, and never tried."""

    batches: int
    sent: int = 0
    skipped: int = 0
    members_sent: int = 0
    retried: int = Field(0, description="Extra attempts made after timeouts, errors or 5xx/429 answers.")
    failed: list[FailedBatch] = Field(default_factory=list)
    not_attempted: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_attempted


def batch_key(proposal_hash: str, destination: str, index: int, ids: list[int]) -> str:
    """The idempotency key of one batch: stable across retries and restarts of the same publication."""
    content = hashlib.sha256(json.dumps(ids).encode()).hexdigest()
    return hashlib.sha256(f"{proposal_hash}|{destination}|{index}|{content}".encode()).hexdigest()[:32]


def send_batches(
    config: WebhookConfig,
    ids: list[int],
    *,
    segment: dict[str, str],
    destination: str,
    already_sent: set[str] | None = None,
    on_sent: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WebhookReport:
    """POST `ids` in batches to `config.url`; `segment` has id, name and proposal_hash.

    Batches whose key is in `already_sent` are skipped; `on_sent(key)` is called after each delivery
    so the caller can remember it (the publisher records it in the ledger).
    """
    batches = [ids[i : i + config.batch_size] for i in range(0, len(ids), config.batch_size)]
    report = WebhookReport(batches=len(batches))
    done = already_sent or set()
    consecutive = 0
    with httpx.Client(timeout=httpx.Timeout(config.timeout_s), headers=config.headers) as client:
        for index, batch in enumerate(batches):
            if consecutive >= MAX_CONSECUTIVE_FAILURES:
                report.not_attempted = len(batches) - index
                break
            key = batch_key(segment["proposal_hash"], destination, index, batch)
            if key in done:
                report.skipped += 1
                continue
            payload = {"segment": segment, "batch": index, "batches": len(batches), "members": batch}
            attempts, error = _post(client, config, key, payload, sleep)
            report.retried += attempts - 1
            if error:
                consecutive += 1
                report.failed.append(
                    FailedBatch(index=index, key=key, members=len(batch), attempts=attempts, error=error)
                )
                continue
            consecutive = 0
            report.sent += 1
            report.members_sent += len(batch)
            if on_sent:
                on_sent(key)
    return report


def _post(
    client: httpx.Client, config: WebhookConfig, key: str, payload: dict, sleep: Callable[[float], None]
) -> tuple[int, str | None]:
    """POST one batch until it is accepted or retries run out: (attempts, last error or None)."""
    error = None
    for attempt in range(1, config.max_retries + 2):
        retry_after = None
        try:
            response = client.post(config.url, json=payload, headers={"Idempotency-Key": key})
        except httpx.TimeoutException:
            error = f"timed out after {config.timeout_s:g} s"
        except httpx.TransportError as err:
            error = f"connection failed: {err}"
        else:
            if response.is_success:
                return attempt, None
            error = f"HTTP {response.status_code}"
            if response.status_code not in RETRYABLE_STATUS:
                return attempt, error
            retry_after = _seconds(response.headers.get("Retry-After"))
        if attempt <= config.max_retries:
            sleep(_backoff(config, attempt, retry_after))
    return config.max_retries + 1, error


def _backoff(config: WebhookConfig, attempt: int, retry_after: float | None) -> float:
    """Full jitter: a random wait up to base * 2^(attempt-1), at least what Retry-After asks, capped."""
    wait = random.uniform(0, config.backoff_s * 2 ** (attempt - 1))
    return min(config.max_backoff_s, max(wait, retry_after or 0.0))


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
