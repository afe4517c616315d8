"""Helpers shared by the journal tests: valid records of each kind, accounts, linked devices."""

import uuid

from sqlalchemy import select

from server.db import db
from server.journal.models import JournalRecord, JournalSequence


def stamp(minute: int) -> str:
    """A date-time with offset, `minute` minutes after 07:00 local (UTC+1) on 24 Nov 2026."""
    return f"2026-11-24T{7 + minute // 60:02d}:{minute % 60:02d}:00+01:00"


def pain(minute: int = 0, note: str = "stiff after the drive", level: int = 6) -> dict:
    return {
        "at": stamp(0),
        "level": level,
        "area": "lower-back",
        "note": note,
        "flagged": False,
        "modified_at": stamp(minute),
    }


def session(minute: int = 0, note: str = "") -> dict:
    return {
        "routine_id": "daily-lower-back",
        "routine_title": "Daily lower back",
        "steps_total": 4,
        "steps_completed": 4,
        "seconds_pressed": 360,
        "points": ["BL23", "BL40", "GV4"],
        "pain_before": 6,
        "pain_after": 3,
        "note": note,
        "flagged": False,
        "started_at": stamp(0),
        "ended_at": stamp(8),
        "completed": True,
        "modified_at": stamp(minute),
    }


def routine(minute: int = 0, title: str = "Desk break") -> dict:
    return {
        "title": title,
        "steps": [{"point": "BL23", "side": "both", "seconds": 60}],
        "rest_seconds": 10,
        "modified_at": stamp(minute),
    }


def settings(minute: int = 0, weekly_goal: int = 5) -> dict:
    return {
        "pregnancy": False,
        "weekly_goal": weekly_goal,
        "sound": True,
        "speech": False,
        "vibration": True,
        "breathing": True,
        "modified_at": stamp(minute),
    }


def new_id() -> str:
    return str(uuid.uuid4())


def edit(record_id: str, kind: str, base_rev: int, data: dict) -> dict:
    return {"id": record_id, "kind": kind, "base_rev": base_rev, "data": data}


def removal(record_id: str, kind: str, base_rev: int) -> dict:
    return {"id": record_id, "kind": kind, "base_rev": base_rev, "deleted": True}


def new_account(client) -> dict:
    """Authorization headers for the first device of a new account."""
    response = client.post("/api/accounts")
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


def linked_device(client, headers: dict, name: str = "Tablet") -> dict:
    """Authorization headers for a second device joined to the account of `headers`."""
    code = client.post("/api/link-codes", headers=headers).json["code"]
    response = client.post("/api/link-codes/redeem", json={"code": code, "device_name": name})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


def post_sync(client, headers: dict, cursor: int = 0, changes: list | None = None, **extra):
    """POST /api/sync and return the JSON answer, asserting it succeeded."""
    response = client.post(
        "/api/sync", headers=headers, json={"cursor": cursor, "changes": changes or [], **extra}
    )
    assert response.status_code == 200, response.json
    return response.json


def pull_all(client, headers: dict, cursor: int = 0, limit: int = 100) -> tuple[dict, int]:
    """Every record after cursor, paging until done: ({id: record}, final cursor)."""
    records: dict[str, dict] = {}
    while True:
        answer = post_sync(client, headers, cursor, limit=limit)
        records.update({record["id"]: record for record in answer["changes"]})
        cursor = answer["cursor"]
        if not answer["more"]:
            return records, cursor


def database_state(app) -> tuple:
    """Every journal row and every account's sequence, to compare before and after."""
    with app.app_context():
        rows = db.session.execute(
            select(
                JournalRecord.account_id,
                JournalRecord.record_id,
                JournalRecord.kind,
                JournalRecord.rev,
                JournalRecord.deleted,
                JournalRecord.data,
            ).order_by(JournalRecord.account_id, JournalRecord.rev)
        ).all()
        seqs = db.session.execute(
            select(JournalSequence.account_id, JournalSequence.last_seq).order_by(
                JournalSequence.account_id
            )
        ).all()
        return [tuple(row) for row in rows], [tuple(seq) for seq in seqs]
