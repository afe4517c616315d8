"""What passes between the ledger and the sending loop, detached from the database session: a
slot's message (Reminder), one delivery to post (Job) and what posting it did (Result)."""

from dataclasses import dataclass
from datetime import datetime

from server.reminders.sender import Target


@dataclass(frozen=True, slots=True)
class Reminder:
    """What every delivery of one slot shares."""

    label: str  # schedule/slot, for logs
    payload: bytes
    topic: str
    ttl: int
    give_up_at: datetime


@dataclass(frozen=True, slots=True)
class Job:
    """One delivery to post."""

    delivery_id: int
    subscription_id: int
    endpoint_hash: str
    target: Target
    reminder: Reminder
    attempt: int

    @property
    def label(self) -> str:
        """For logs: ids, never the endpoint."""
        return f"{self.reminder.label} to subscription {self.subscription_id}"


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    status: str  # sent | gone | retry | failed | refused
    http_status: int | None = None
    retry_after: float | None = None
