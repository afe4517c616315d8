"""Body limits on the real served server (`acupress serve`, gunicorn), with raw sockets: a 413
says `Connection: close` so the client's next request goes on a new connection, and a chunked
body over ACUPRESS_MAX_CONTENT_LENGTH is refused whole, never cut and applied."""

import http.client
import json
import socket
import uuid

import pytest

from tests.conftest import free_port
from tests.servers import ServerProcess
from tests.sync_support import pain

LIMIT = 4096


@pytest.fixture
def served(tmp_path, engine_name, postgres_schema_url):
    env = {
        "ACUPRESS_REMINDERS_IN_PROCESS": "false",
        "ACUPRESS_RATELIMIT_ENABLED": "false",
        "ACUPRESS_MAX_CONTENT_LENGTH": str(LIMIT),
    }
    if engine_name == "postgresql":
        env["ACUPRESS_DATABASE_URL"] = postgres_schema_url
    server = ServerProcess(tmp_path / "instance", free_port(), env=env)
    server.start()
    yield server
    server.stop()


def new_token(server) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/api/accounts")
    token = json.loads(conn.getresponse().read())["token"]
    conn.close()
    return token


def read_response(sock: socket.socket) -> tuple[int, dict, bytes]:
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = response.read()
    headers = {name.lower(): value for name, value in response.getheaders()}
    return response.status, headers, body


def chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def sync_request(token: str, body: bytes, *, chunk: bool) -> bytes:
    framing = "Transfer-Encoding: chunked" if chunk else f"Content-Length: {len(body)}"
    head = (
        f"POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    )
    return head.encode() + (chunked(body) if chunk else body)


def one_pain_then_padding(record_id: str) -> bytes:
    """A valid sync whose first LIMIT bytes are valid JSON too (the rest is whitespace)."""
    change = {"id": record_id, "kind": "pain", "base_rev": 0, "data": pain()}
    return json.dumps({"cursor": 0, "changes": [change]}).encode() + b" " * (2 * LIMIT)


def pulled_ids(server, token: str) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request("POST", "/api/sync", body=b'{"cursor": 0}', headers=headers)
    changes = json.loads(conn.getresponse().read())["changes"]
    conn.close()
    return [change["id"] for change in changes]


@pytest.mark.parametrize("chunk", [True, False], ids=["chunked", "content-length"])
def test_a_body_over_the_limit_is_refused_whole_and_the_connection_closes(served, chunk):
    token, record_id = new_token(served), str(uuid.uuid4())
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(sync_request(token, one_pain_then_padding(record_id), chunk=chunk))
        status, headers, body = read_response(sock)
        assert status == 413, body
        assert json.loads(body)["error"]["code"] == "too_large"
        assert headers["connection"] == "close"
        assert sock.recv(1) == b""  # closed, as announced
    assert pulled_ids(served, token) == []  # nothing of it was applied


def test_a_client_goes_on_after_a_413_as_the_protocol_says(served):
    """protocol.md: after a 413, split the batch and retry at once, on the same client."""
    token = new_token(served)
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(
        "POST", "/api/sync", body=one_pain_then_padding(str(uuid.uuid4())), headers=headers
    )
    assert conn.getresponse().read() and conn.sock is None  # http.client saw the close
    conn.request("POST", "/api/sync", body=b'{"cursor": 0}', headers=headers)
    assert conn.getresponse().status == 200
    conn.close()


def test_a_chunked_body_within_the_limit_is_applied(served):
    token, record_id = new_token(served), str(uuid.uuid4())
    change = {"id": record_id, "kind": "pain", "base_rev": 0, "data": pain()}
    body = json.dumps({"cursor": 0, "changes": [change]}).encode()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(sync_request(token, body, chunk=True))
        status, headers, answer = read_response(sock)
        assert status == 200, answer
        assert headers["connection"] == "keep-alive"
    assert pulled_ids(served, token) == [record_id]
