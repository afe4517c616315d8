"""Sync through a crash: SIGKILL `acupress serve` while batches are in flight, restart it, let
the client retry what was never acknowledged, and find every record on the server exactly once."""

import socket
import threading

import pytest
import requests

from tests.conftest import free_port
from tests.servers import ServerProcess
from tests.sync_support import edit, new_id, pain

pytestmark = pytest.mark.slow

BATCHES, PER_BATCH, SENDERS = 12, 25, 4


@pytest.fixture
def server(tmp_path, app_config):
    env = {"ACUPRESS_RATELIMIT_ENABLED": "false", "ACUPRESS_REMINDERS_IN_PROCESS": "false"}
    if "DATABASE_URL" in app_config:
        env["ACUPRESS_DATABASE_URL"] = app_config["DATABASE_URL"]
    process = ServerProcess(tmp_path / "server-instance", free_port(), env=env)
    yield process
    process.stop()


class AnswerDropper:
    """A loopback proxy that passes requests on and drops the answers: the server applies the
    sync, and the client sees only its connection cut."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        threading.Thread(target=self._forward, args=(client, upstream), daemon=True).start()
        upstream.recv(1)  # the server has answered, so it has committed
        for end in (client, upstream):
            end.shutdown(socket.SHUT_RDWR)  # wakes the forwarding thread, tells the client
            end.close()

    @staticmethod
    def _forward(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()


class Client:
    """A device that pushes batches from several threads and remembers which were answered."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token
        self.batches = [
            [edit(new_id(), "pain", 0, pain(note=new_id())) for _ in range(PER_BATCH)]
            for _ in range(BATCHES)
        ]
        self.acknowledged: set[int] = set()
        self.first_answer = threading.Event()
        self.threads: list[threading.Thread] = []

    def post(self, http: requests.Session, index: int, url: str = "") -> requests.Response:
        return http.post(
            f"{url or self.url}/api/sync",
            timeout=60,
            headers={"Authorization": f"Bearer {self.token}"},
            json={"cursor": 0, "changes": self.batches[index]},
        )

    def push(self, indices: list[int]) -> None:
        with requests.Session() as http:
            for index in indices:
                try:
                    response = self.post(http, index)
                except requests.ConnectionError:
                    return  # the server died: this and later batches stay pending
                if response.status_code == 200:
                    self.acknowledged.add(index)
                    self.first_answer.set()

    def push_all_at_once(self, indices: list[int]) -> None:
        shares = [indices[n::SENDERS] for n in range(SENDERS)]
        self.threads += [threading.Thread(target=self.push, args=(share,)) for share in shares]
        for thread in self.threads:
            thread.start()

    def pending(self) -> list[int]:
        return [n for n in range(BATCHES) if n not in self.acknowledged]

    def sent(self) -> dict[str, dict]:
        return {change["id"]: change["data"] for batch in self.batches for change in batch}


def pull_everything(url: str, token: str) -> tuple[dict[str, dict], int]:
    records, cursor = {}, 0
    while True:
        answer = requests.post(
            f"{url}/api/sync",
            timeout=60,
            json={"cursor": cursor, "limit": 500},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        records.update({change["id"]: change for change in answer["changes"]})
        cursor = answer["cursor"]
        if not answer["more"]:
            return records, cursor


def test_batches_cut_off_by_a_crash_are_retried_into_exactly_one_copy(server):
    server.start()
    token = requests.post(f"{server.url}/api/accounts", timeout=30).json()["token"]
    device = Client(server.url, token)

    dropper = AnswerDropper(server.port)
    with requests.Session() as http, pytest.raises(requests.ConnectionError):
        device.post(http, 0, dropper.url)  # applied, but the answer never comes back
    dropper.close()

    device.push_all_at_once(list(range(1, BATCHES)))
    assert device.first_answer.wait(120), "no sync was answered before the crash"
    server.kill()
    for thread in device.threads:
        thread.join()
    server.start()
    retried = device.pending() + sorted(device.acknowledged)[:1]  # and one replay, for good measure
    with requests.Session() as http:
        for index in retried:
            response = device.post(http, index)
            assert response.status_code == 200, response.text

    records, cursor = pull_everything(server.url, token)
    assert {record_id: record["data"] for record_id, record in records.items()} == device.sent()
    # Each record was written once: no sequence number was spent twice on the same change.
    assert cursor == len(records) == BATCHES * PER_BATCH
    assert sorted(record["rev"] for record in records.values()) == list(range(1, cursor + 1))
