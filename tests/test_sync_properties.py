"""Property-based test of the sync protocol: simulated devices on a flaky network converge.

Each device is a small reference client: a local store of the latest server state it knows,
a queue of pending local changes, a cursor, and requests in flight. Hypothesis drives random
offline creates, edits and deletes, and delivers requests in any order, more than once, or
drops their responses after the server has applied them. After a final full sync, every
device must hold exactly the server's state, and nothing anyone wrote may be lost.
"""

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test
from sqlalchemy import func, select

from server.accounts.models import Account
from server.db import db
from server.journal.models import JournalRecord
from server.journal.records import SETTINGS_ID, parse_timestamp
from tests.sync_support import linked_device, new_account

EPOCH = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
DEVICE_ZONES = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))]


@dataclass
class Request:
    body: dict
    sent: dict[str, dict]  # record id -> the pending entry it carried


@dataclass
class Device:
    """The reference client."""

    headers: dict
    zone: timezone
    known: dict[str, dict] = field(default_factory=dict)  # latest server state seen, by id
    pending: dict[str, dict] = field(default_factory=dict)  # local changes to push, by id
    cursor: int = 0
    outbox: list[Request] = field(default_factory=list)
    versions: itertools.count = field(default_factory=lambda: itertools.count(1))

    def view(self, record_id: str) -> dict | None:
        return self.pending.get(record_id) or self.known.get(record_id)

    def live_ids(self, kind: str) -> list[str]:
        ids = set(self.known) | set(self.pending)
        return sorted(
            i for i in ids if self.view(i)["kind"] == kind and not self.view(i)["deleted"]
        )

    def write(self, record_id: str, kind: str, data: dict | None) -> None:
        if record_id in self.pending:
            base = self.pending[record_id]["base_rev"]
        else:
            base = self.known[record_id]["rev"] if record_id in self.known else 0
        self.pending[record_id] = {
            "kind": kind,
            "deleted": data is None,
            "data": data,
            "base_rev": base,
            "version": next(self.versions),
        }

    def prepare(self) -> Request:
        changes = []
        for record_id, entry in self.pending.items():
            change = {"id": record_id, "kind": entry["kind"], "base_rev": entry["base_rev"]}
            change.update({"deleted": True} if entry["deleted"] else {"data": entry["data"]})
            changes.append(change)
        return Request({"cursor": self.cursor, "changes": changes}, dict(self.pending))

    def receive(self, request: Request, answer: dict) -> None:
        for applied in answer["applied"]:
            sent = request.sent[applied["id"]]
            self.settle(applied["id"], applied["rev"], sent, sent["deleted"], sent["data"], True)
        for conflict in answer["conflicts"]:
            sent = request.sent[conflict["id"]]
            self.settle(
                conflict["id"],
                conflict["rev"],
                sent,
                conflict["deleted"],
                conflict["data"],
                conflict["winner"] == "client",
            )
        for record in answer["changes"]:
            self.learn(record)
        self.cursor = max(self.cursor, answer["cursor"])  # a stale answer never moves it back

    def settle(self, record_id, rev, sent, deleted, data, mine_is_current) -> None:
        self.learn(
            {"id": record_id, "kind": sent["kind"], "rev": rev, "deleted": deleted, "data": data}
        )
        entry = self.pending.get(record_id)
        if entry is None:
            return
        if entry["version"] == sent["version"]:
            del self.pending[record_id]
        elif mine_is_current:  # a newer local edit, made on top of what was just accepted
            entry["base_rev"] = max(entry["base_rev"], rev)

    def learn(self, record: dict) -> None:
        current = self.known.get(record["id"])
        if current is None or record["rev"] > current["rev"]:
            self.known[record["id"]] = {k: record[k] for k in ("kind", "rev", "deleted", "data")}


class FlakySync(RuleBasedStateMachine):
    client = None  # set by the test: a Flask test client on a fresh database

    def __init__(self):
        super().__init__()
        first = new_account(self.client)
        headers = [first, linked_device(self.client, first), linked_device(self.client, first)]
        self.devices = [Device(h, zone) for h, zone in zip(headers, DEVICE_ZONES, strict=True)]
        with self.client.application.app_context():
            self.account_id = db.session.scalar(select(func.max(Account.id)))
        self.clock = itertools.count(1)
        # Ids from a counter, not uuid4(): which record a rule picks must replay the same way,
        # or Hypothesis cannot shrink (and reports FlakyStrategyDefinition).
        self.ids = (str(uuid.UUID(int=n, version=4)) for n in itertools.count(1 << 64))
        self.written: dict[str, list[dict]] = {}  # every version any device wrote, by id
        self.deleted: set[str] = set()

    def now(self, device: Device) -> str:
        """The shared clock, strictly increasing, as each device's local time shows it."""
        return (EPOCH + timedelta(seconds=next(self.clock))).astimezone(device.zone).isoformat()

    def pain(self, device: Device, level: int) -> dict:
        return {
            "at": self.now(device),
            "level": level,
            "area": "lower-back",
            "note": f"level {level}",
            "flagged": level > 7,
            "modified_at": self.now(device),
        }

    def save(self, device: Device, record_id: str, kind: str, data: dict | None) -> None:
        device.write(record_id, kind, data)
        if data is None:
            self.deleted.add(record_id)
        else:
            self.written.setdefault(record_id, []).append(data)

    def post(self, device: Device, request: Request) -> dict:
        response = self.client.post("/api/sync", headers=device.headers, json=request.body)
        assert response.status_code == 200, response.json
        return response.json

    devices_index = st.integers(0, 2)

    # Few records, so that devices keep meeting on the same ones.
    @precondition(lambda self: len(self.written) + len(self.deleted) < 5)
    @rule(d=devices_index, level=st.integers(0, 10))
    def create(self, d, level):
        device = self.devices[d]
        self.save(device, next(self.ids), "pain", self.pain(device, level))

    @rule(d=devices_index, level=st.integers(0, 10), data=st.data())
    def edit(self, d, level, data):
        device = self.devices[d]
        ids = device.live_ids("pain")
        if ids:
            self.save(device, data.draw(st.sampled_from(ids)), "pain", self.pain(device, level))

    @rule(d=devices_index, data=st.data())
    def delete(self, d, data):
        device = self.devices[d]
        ids = device.live_ids("pain")
        if ids:
            self.save(device, data.draw(st.sampled_from(ids)), "pain", None)

    @rule(d=devices_index, goal=st.integers(1, 14))
    def change_settings(self, d, goal):
        device = self.devices[d]
        self.save(
            device,
            SETTINGS_ID,
            "settings",
            {
                "pregnancy": False,
                "weekly_goal": goal,
                "sound": True,
                "speech": False,
                "vibration": goal % 2 == 0,
                "breathing": True,
                "modified_at": self.now(device),
            },
        )

    @rule(d=devices_index)
    def sync(self, d):
        """A whole round trip on a good network."""
        device = self.devices[d]
        request = device.prepare()
        device.receive(request, self.post(device, request))

    @rule(d=devices_index)
    def send(self, d):
        """The device starts a sync; the request is on the network, not yet at the server."""
        device = self.devices[d]
        device.outbox.append(device.prepare())

    @precondition(lambda self: any(device.outbox for device in self.devices))
    @rule(
        data=st.data(), fate=st.sampled_from(["answered", "answer lost", "retried", "duplicated"])
    )
    def arrive(self, data, fate):
        """Any request in flight reaches the server (reordering). Its answer may be lost, lost
        and the request retried at once, or the request may arrive again later."""
        device = data.draw(st.sampled_from([x for x in self.devices if x.outbox]))
        request = device.outbox[data.draw(st.integers(0, len(device.outbox) - 1))]
        if fate != "duplicated":
            device.outbox.remove(request)
        answer = self.post(device, request)
        if fate == "retried":
            applied = self.server_state()
            answer = self.post(device, request)
            assert self.server_state() == applied, "a retried batch changed the journal"
        if fate != "answer lost":
            device.receive(request, answer)

    def sync_until_done(self, device: Device) -> None:
        while True:
            request = device.prepare()
            answer = self.post(device, request)
            device.receive(request, answer)
            if not device.pending and not answer["more"]:
                return

    def server_state(self) -> dict[str, dict]:
        with self.client.application.app_context():
            rows = db.session.scalars(
                select(JournalRecord).where(JournalRecord.account_id == self.account_id)
            )
            return {
                r.record_id: {"kind": r.kind, "rev": r.rev, "deleted": r.deleted, "data": r.data}
                for r in rows
            }

    def teardown(self):
        for _ in range(2):  # the first round pushes everything, the second pulls it all
            for device in self.devices:
                device.outbox.clear()
                self.sync_until_done(device)
        server = self.server_state()
        for device in self.devices:
            assert device.known == server
        assert set(server) == set(self.written) | self.deleted, "a record was lost"
        for record_id, record in server.items():
            if record_id in self.deleted:
                assert record["deleted"], "a deleted record came back"
            else:
                latest = max(
                    self.written[record_id], key=lambda data: parse_timestamp(data["modified_at"])
                )
                assert record["data"] == latest, "the last edit did not win"


def test_devices_on_a_flaky_network_converge_and_lose_nothing(app):
    FlakySync.client = app.test_client()
    run_state_machine_as_test(
        FlakySync,
        settings=settings(
            max_examples=40,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
