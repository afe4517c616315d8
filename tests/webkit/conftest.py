"""The WebKit journeys run on SQLite only: they test the browser engine, and every database test
already runs on both SQLite and PostgreSQL."""

import pytest


@pytest.fixture
def engine_name() -> str:
    return "sqlite"
