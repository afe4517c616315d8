"""The OpenAPI description matches every API route, and schemathesis, with all its checks
(positive and negative data, status codes, content types, response schemas and headers), finds
no request the description allows that the server refuses, none it forbids that the server
takes, no 5xx and no response that breaks the description."""

import base64
import os
from datetime import datetime

import pytest
import schemathesis
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from server.openapi import api_operations
from server.validation import parse_timestamp

PUSH_HOST = "127.0.0.1"  # allow-listed below, as a development push service would be


def test_every_api_route_is_described(app):
    missing = [f"{method} {rule.rule}" for rule, method, op in api_operations(app) if op is None]
    assert missing == []
    spec = app.test_client().get("/api/openapi.json").json
    described = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert len(described) == len(api_operations(app))


def test_the_description_is_valid_openapi_3_1(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_a_custom_routine_change_is_described_as_a_custom_routine(client):
    """RoutineChange.data is the routine of protocol.md, not the preset routines' content."""
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    edit = schemas["RoutineChange"]["anyOf"][0]
    data = edit["properties"]["data"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[data]["required"]) == {"title", "steps", "rest_seconds", "modified_at"}
    assert schemas[data]["additionalProperties"] is False


def test_a_new_account_needs_no_body_and_the_description_says_so(client):
    operation = client.get("/api/openapi.json").json["paths"]["/api/accounts"]["post"]
    assert operation["requestBody"]["required"] is False
    assert client.post("/api/accounts").status_code == 201


# --- generated requests --------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def p256_point(seed: int) -> str:
    key = ec.derive_private_key(seed, ec.SECP256R1()).public_key()
    encoded = serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    return b64(key.public_bytes(*encoded))


# The format the description names for what JSON Schema cannot check (a point on the curve):
# values of it, for generated requests.
schemathesis.openapi.format(
    "p256-point", st.integers(min_value=1, max_value=2**255).map(p256_point)
)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": [PUSH_HOST]}


@pytest.fixture
def api_schema(app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)

    @schema.hook("map_case")
    def follow_written_rules(_context, case):
        """What protocol.md says in words, JSON Schema cannot: one change per record id, a
        session ends after it starts and completes at most its steps."""
        body = case.body
        if case.meta is None or not case.meta.generation.mode.is_positive:
            return case  # negative data stays as wrong as it was made
        if isinstance(body, dict) and isinstance(body.get("changes"), list):
            body["changes"] = list({id_of(c): c for c in body["changes"]}.values())
            for change in body["changes"]:
                if isinstance(change, dict) and change.get("kind") == "session":
                    consistent_session(change.get("data"))
        return case

    return schema


def id_of(change) -> str:
    return (
        change.get("id")
        if isinstance(change, dict) and isinstance(change.get("id"), str)
        else repr(change)
    )


def consistent_session(data) -> None:
    if not isinstance(data, dict):
        return
    total, done = data.get("steps_total"), data.get("steps_completed")
    if all(type(n) in (int, float) and n == int(n) for n in (total, done)) and done > total:
        data["steps_completed"] = total
    try:
        started, ended = parse_timestamp(data["started_at"]), parse_timestamp(data["ended_at"])
    except (KeyError, TypeError, ValueError):
        return
    if isinstance(started, datetime) and ended < started:
        data["ended_at"] = data["started_at"]


@pytest.fixture
def device_token(client):
    return client.post("/api/accounts").json["token"]


schema = schemathesis.pytest.from_fixture("api_schema")

EXAMPLES = int(os.environ.get("ACUPRESS_FUZZ_EXAMPLES", "25"))  # 300 for a deeper run than CI's


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_survives_generated_requests(case, device_token):
    if case.operation.path in ("/api/account",) and case.method == "DELETE":
        pytest.skip("deleting the account would log the fuzzer out of every later case")
    # The WSGI test client does not gunzip, so ask for plain bodies.
    headers = {"Authorization": f"Bearer {device_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers)  # every check schemathesis has
