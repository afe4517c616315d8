"""Recording what posting did, in the slot ledger: each delivery's outcome (sent, gone, retry at
a time the retry policy sets, expired, failed, refused), the subscriptions a push service no
longer knows pruned, and one log line per delivery."""

import logging
from datetime import datetime

from sqlalchemy import delete, update

from server.db import db
from server.reminders.jobs import Result
from server.reminders.ledger import DELIVERIES, update_rows
from server.reminders.models import PushSubscription
from server.reminders.retry_policy import next_attempt
from server.reminders.sender import GONE, RETRY, SENT

log = logging.getLogger("acupress.reminders")


def record(results: list[Result], now: datetime) -> list[str]:
    """Write each delivery's outcome, prune gone subscriptions, log every delivery; answer the
    statuses recorded."""
    rows = [outcome_row(result, now) for result in results]
    if rows:
        update_rows(DELIVERIES, rows)
    sent = [r.job.subscription_id for r in results if r.status == SENT]
    if sent:
        db.session.execute(
            update(PushSubscription)
            .where(PushSubscription.id.in_(sent))
            .values(last_delivered_at=now)
        )
    for result in results:
        if result.status == GONE:
            prune(result.job.subscription_id, result.job.endpoint_hash)
    db.session.commit()
    for result, row in zip(results, rows, strict=True):
        log.info(
            "reminder %s: %s (HTTP %s, attempt %d)",
            result.job.label,
            "pruned" if row["status"] == GONE else row["status"],
            result.http_status,
            result.job.attempt,
        )
    return [row["status"] for row in rows]


def prune(subscription_id: int, endpoint_hash: str) -> None:
    """Delete a subscription the push service no longer knows, unless it was re-subscribed
    with a new endpoint meanwhile."""
    db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.id == subscription_id,
            PushSubscription.endpoint_hash == endpoint_hash,
        )
    )


def outcome_row(result: Result, now: datetime) -> dict:
    job, status, retry_at = result.job, result.status, None
    if status == RETRY:
        retry_at = next_attempt(job.attempt, result.retry_after, job.reminder.give_up_at, now)
        status = RETRY if retry_at is not None else "expired"
    return {
        "row_id": job.delivery_id,
        "status": status,
        "attempts": job.attempt,
        "http_status": result.http_status,
        "lease_until": None,
        "next_attempt_at": retry_at,
        "updated_at": now,
    }
