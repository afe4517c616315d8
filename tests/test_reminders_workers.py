"""Real dispatcher processes: `acupress reminders run` twice at once sends each reminder once;
one SIGKILLed mid-batch and restarted sends no slot twice; `acupress serve` runs the loop."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from server.db import db, utcnow
from server.reminders.models import Delivery, Schedule
from tests.conftest import POSTGRES_URL, ROOT, free_port, skip_or_fail
from tests.pushreceiver import PushReceiver
from tests.servers import ServerProcess

pytestmark = pytest.mark.slow
SCHEDULE = {
    "times": ["07:30"],
    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "timezone": "Asia/Kathmandu",
}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": ["127.0.0.1"]}


def settings_env(app, **settings) -> dict:
    """Environment for a subprocess on the same database, keys and secret as `app`."""
    env = {
        **os.environ,
        "ACUPRESS_INSTANCE_PATH": app.instance_path,
        "ACUPRESS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ACUPRESS_SECRET_KEY": app.config["SECRET_KEY"],
        "ACUPRESS_PUSH_ALLOW_HOSTS": json.dumps(["127.0.0.1"]),
        "ACUPRESS_REMINDERS_POLL_SECONDS": "0.2",
    }
    env.update({f"ACUPRESS_{name}": json.dumps(value) for name, value in settings.items()})
    return env


class Worker:
    """`acupress reminders run` in a subprocess, its log in a file."""

    def __init__(self, env: dict, log: Path):
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from server.cli import main; main()", "reminders", "run"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def text(self) -> str:
        return self.log.read_text()

    def wait_started(self) -> None:
        wait_until(lambda: "reminders dispatcher started" in self.text(), f"{self.log.name} start")

    def sent(self) -> int:
        return self.text().count(": sent (HTTP 201")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)


def wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def make_accounts(client, receiver: PushReceiver, count: int) -> None:
    for _ in range(count):
        headers = {"Authorization": "Bearer " + client.post("/api/accounts").get_json()["token"]}
        subscribed = client.put(
            "/api/push/subscription", json=receiver.subscription(), headers=headers
        )
        assert subscribed.status_code == 200
        body = {**SCHEDULE, "modified_at": utcnow().isoformat()}
        route = f"/api/reminders/schedules/{uuid.uuid4()}"
        assert client.put(route, json=body, headers=headers).status_code == 201


def make_all_due(app) -> None:
    with app.app_context():
        db.session.execute(update(Schedule).values(next_due_at=utcnow()))
        db.session.commit()


def settled(app) -> bool:
    """Nothing due and nothing leased: every slot has been dealt with."""
    with app.app_context():
        due = db.session.scalar(select(func.count()).where(Schedule.next_due_at <= utcnow()))
        leased = db.session.scalar(select(func.count()).where(Delivery.status == "sending"))
        db.session.remove()
    return due == 0 and leased == 0


def statuses(app) -> Counter:
    with app.app_context():
        return Counter(db.session.scalars(select(Delivery.status)))


def slots_received(receiver: PushReceiver) -> Counter:
    return Counter((m.payload["schedule_id"], m.payload["slot"]) for m in receiver.messages)


def test_two_dispatchers_send_each_due_reminder_exactly_once(app, client, engine_name, tmp_path):
    if not POSTGRES_URL:
        skip_or_fail("set ACUPRESS_TEST_DATABASE_URL to run dispatchers side by side on PostgreSQL")
    receiver = PushReceiver(delay=0.05).start()
    workers = []
    try:
        make_accounts(client, receiver, 40)
        env = settings_env(app, REMINDERS_BATCH=4, PUSH_CONCURRENCY=2)
        workers = [Worker(env, tmp_path / f"worker{n}.log") for n in (1, 2)]
        for worker in workers:
            worker.wait_started()
        make_all_due(app)
        wait_until(lambda: len(receiver.messages) >= 40 and settled(app), "all 40 reminders")
    finally:
        for worker in workers:
            worker.stop()
        receiver.stop()
    assert receiver.errors == []
    received = slots_received(receiver)
    assert len(received) == 40 and set(received.values()) == {1}
    assert statuses(app) == {"sent": 40}
    assert all(worker.sent() > 0 for worker in workers), "both workers should have shared the work"
    assert sum(worker.sent() for worker in workers) == 40


def test_a_dispatcher_killed_mid_batch_and_restarted_sends_no_slot_twice(app, client, tmp_path):
    receiver = PushReceiver(delay=0.3).start()
    try:
        make_accounts(client, receiver, 60)  # enough that the kill lands before all are claimed
        env = settings_env(app, REMINDERS_BATCH=10, PUSH_CONCURRENCY=2, REMINDERS_LEASE_SECONDS=2)
        first = Worker(env, tmp_path / "first.log")
        first.wait_started()
        make_all_due(app)
        receiver.wait_for(3)
        first.process.kill()  # SIGKILL: no cleanup, mid-batch
        first.process.wait(10)
        second = Worker(env, tmp_path / "second.log")
        wait_until(lambda: settled(app), "the restarted worker to finish")
        second.stop()
    finally:
        receiver.stop()
    assert receiver.errors == []
    received = slots_received(receiver)
    assert set(received.values()) == {1}, "a slot reached the push service twice"
    done = statuses(app)
    assert done["sent"] + done["unknown"] == 60 and set(done) <= {"sent", "unknown"}
    assert len(received) >= done["sent"]
    assert second.sent() > 0  # the restart carried on where the killed worker stopped


def test_acupress_serve_runs_the_dispatcher_in_process(app, client, tmp_path):
    receiver = PushReceiver().start()
    server = None
    try:
        make_accounts(client, receiver, 2)
        env = settings_env(app)
        env.pop("ACUPRESS_INSTANCE_PATH")
        server = ServerProcess(Path(app.instance_path), free_port(), env).start(cwd=ROOT)
        make_all_due(app)
        wait_until(
            lambda: len(receiver.messages) >= 2 and settled(app), "the in-process dispatcher"
        )
    finally:
        if server:
            server.stop()
        receiver.stop()
    assert receiver.errors == []
    assert {m.payload["type"] for m in receiver.messages} == {"reminder"}
    assert statuses(app) == {"sent": 2}
