"""The sync protocol: apply a batch of changes, resolve conflicts, pull what changed.

All of it runs in the caller's transaction with the account row locked (SQLite takes the
database write lock at BEGIN IMMEDIATE), so one account's syncs happen one after another
and its sequence numbers (the journal's own JournalSequence) are committed in order.
"""

import json

from sqlalchemy import select

from server.accounts.models import Account
from server.db import db, utcnow
from server.errors import ApiError
from server.journal.models import JournalRecord, JournalSequence
from server.journal.records import occurred_at, parse_timestamp
from server.journal.schemas import (
    Applied,
    Conflict,
    LostVersion,
    RecordState,
    SyncRequest,
    SyncResponse,
)


def sync(account_id: int, request: SyncRequest) -> SyncResponse:
    """Apply request.changes, then pull one page after request.cursor. The caller commits."""
    lock_account(account_id)
    sequence = sequence_of(account_id)
    records = current_records(account_id, [change.id for change in request.changes])
    check_batch(sequence.last_seq, records, request)
    response = SyncResponse(cursor=request.cursor)
    for change in request.changes:
        push(sequence, records.get(change.id), change, response)
    pull(account_id, request.cursor, request.limit, response)
    return response


def lock_account(account_id: int) -> Account:
    query = (
        select(Account)
        .where(Account.id == account_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    account = db.session.scalar(query)
    if account is None:  # deleted by another request since the token was checked
        raise ApiError(401, "unauthorized", "A valid device token is required.")
    return account


def sequence_of(account_id: int) -> JournalSequence:
    """The account's sequence (read under the account's lock); a new one at 0, added to the
    session only when a change is stored."""
    query = (
        select(JournalSequence)
        .where(JournalSequence.account_id == account_id)
        .execution_options(populate_existing=True)
    )
    return db.session.scalar(query) or JournalSequence(account_id=account_id, last_seq=0)


def current_records(account_id: int, record_ids: list[str]) -> dict[str, JournalRecord]:
    if not record_ids:
        return {}
    query = select(JournalRecord).where(
        JournalRecord.account_id == account_id, JournalRecord.record_id.in_(record_ids)
    )
    return {record.record_id: record for record in db.session.scalars(query)}


def check_batch(last_seq: int, records: dict[str, JournalRecord], request: SyncRequest) -> None:
    """Refuse the whole batch, before anything is written, if any part cannot be right."""
    if request.cursor > last_seq:
        raise ApiError(
            409,
            "cursor_ahead",
            f"cursor {request.cursor} is ahead of this account's journal "
            f"({last_seq}); pull again from 0.",
        )
    for index, change in enumerate(request.changes):
        if change.base_rev > last_seq:
            raise ApiError(
                409,
                "base_rev_ahead",
                f"changes.{index}: base_rev {change.base_rev} is ahead of this "
                f"account's journal ({last_seq}).",
            )
        record = records.get(change.id)
        if record is not None and record.kind != change.kind:
            raise ApiError(
                409,
                "kind_mismatch",
                f"changes.{index}: record {change.id} is a {record.kind}, not a {change.kind}.",
            )


def change_data(change) -> dict | None:
    return change.data.model_dump(mode="json") if change.data else None


def precedence(data: dict) -> tuple:
    """Between two edits: the later modified_at wins; a tie goes to the greater canonical JSON."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return parse_timestamp(data["modified_at"]), canonical


def decide(record: JournalRecord | None, deleted: bool, data: dict | None, base_rev: int):
    """(write, conflict): whether the change becomes the record's state, and whether it met
    a concurrent version (one of the two then loses)."""
    if record is None:
        return True, False
    if record.deleted == deleted and record.data == data:
        return False, False  # already the record's state: a replay, or the same edit twice
    if record.deleted:
        return False, True  # deletes are final: an edit never resurrects a record
    if base_rev == record.rev:
        return True, False
    if deleted:
        return True, True  # a delete wins over a concurrent edit
    return precedence(data) > precedence(record.data), True


def push(
    sequence: JournalSequence, record: JournalRecord | None, change, response: SyncResponse
) -> None:
    deleted, data = change.deleted, change_data(change)
    write, conflict = decide(record, deleted, data, change.base_rev)
    before = LostVersion(deleted=record.deleted, data=record.data) if record else None
    if write:
        record = store(sequence, record, change.id, change.kind, deleted, data)
    if not conflict:
        response.applied.append(Applied(id=change.id, rev=record.rev))
        return
    lost = before if write else LostVersion(deleted=deleted, data=data)
    winner = "client" if write else "server"
    response.conflicts.append(Conflict(**state(record).model_dump(), winner=winner, lost=lost))


def store(
    sequence: JournalSequence,
    record: JournalRecord | None,
    record_id: str,
    kind: str,
    deleted: bool,
    data: dict | None,
) -> JournalRecord:
    """Make (deleted, data) the record's state under the account's next sequence number."""
    if record is None:
        record = JournalRecord(account_id=sequence.account_id, record_id=record_id, kind=kind)
        db.session.add(record)
    db.session.add(sequence)  # a no-op once it is stored
    sequence.last_seq += 1
    record.rev = sequence.last_seq
    record.deleted = deleted
    record.data = data
    record.occurred_at = occurred_at(kind, data)
    record.updated_at = utcnow()
    return record


def state(record: JournalRecord) -> RecordState:
    return RecordState(
        id=record.record_id,
        kind=record.kind,
        rev=record.rev,
        deleted=record.deleted,
        data=record.data,
    )


def pull(account_id: int, cursor: int, limit: int, response: SyncResponse) -> None:
    """One page of the records changed after cursor, in rev order; the new cursor is the last
    rev returned, so a record changed again while paging comes back once, at its new rev."""
    query = (
        select(JournalRecord)
        .where(JournalRecord.account_id == account_id, JournalRecord.rev > cursor)
        .order_by(JournalRecord.rev)
        .limit(limit + 1)
    )
    page = list(db.session.scalars(query))
    response.more = len(page) > limit
    response.changes = [state(record) for record in page[:limit]]
    if response.changes:
        response.cursor = response.changes[-1].rev
