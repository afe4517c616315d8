"""The retry policy: how late a reminder may still go out, how often one delivery is tried and
how long to wait between tries."""

from datetime import datetime, timedelta

STALE_AFTER = timedelta(hours=1)  # a reminder older than this is worthless: never sent
MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(seconds=30)


def give_up_at(due_at: datetime) -> datetime:
    """When a slot's reminder becomes stale."""
    return due_at + STALE_AFTER


def retry_delay(attempt: int, retry_after: float | None) -> timedelta:
    """The push service's Retry-After when it gave one, else exponential backoff."""
    if retry_after is not None:
        return timedelta(seconds=retry_after)
    return FIRST_BACKOFF * 2 ** (attempt - 1)


def next_attempt(
    attempt: int, retry_after: float | None, deadline: datetime, now: datetime
) -> datetime | None:
    """When to try a delivery again after its `attempt`-th try asked for a retry, or None to
    give up (tried too often, or the next try would come after the reminder's deadline)."""
    when = now + retry_delay(attempt, retry_after)
    if attempt >= MAX_ATTEMPTS or when >= deadline:
        return None
    return when
