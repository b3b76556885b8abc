"""The environment the gateway fixture (tools/gateway-fixture) gives the suite: a real
gateway (ONCEPORT_ADDRESS) on a real broker, and a helper that creates topics and reads
them back with a real read_committed consumer (ONCEPORT_TEST_HELPER)."""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
import uuid

import pytest


class KafkaHelper:
    def __init__(self, url: str) -> None:
        self.url = url

    def create_topic(self, partitions: int = 1) -> str:
        request = urllib.request.Request(f"{self.url}/topics?partitions={partitions}&prefix=py", method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["topic"]

    def read(self, *topics: str, expected: int | None = None, isolation: str = "read_committed") -> list[dict]:
        query = [("topic", topic) for topic in topics] + [("isolation", isolation)]
        if expected is not None:
            query.append(("expected", str(expected)))
        with urllib.request.urlopen(f"{self.url}/records?{urllib.parse.urlencode(query)}", timeout=60) as response:
            return json.load(response)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: run the suite through `npm test` (tools/gateway-fixture)")
    return value


@pytest.fixture(scope="session")
def address() -> str:
    return _env("ONCEPORT_ADDRESS")


@pytest.fixture(scope="session")
def kafka() -> KafkaHelper:
    return KafkaHelper(_env("ONCEPORT_TEST_HELPER"))


@pytest.fixture
def client_id() -> str:
    """A client id no other test or run uses: client ids name Kafka transactional ids."""
    return f"{os.environ.get('ONCEPORT_TEST_RUN_ID', 'py')}-{uuid.uuid4().hex[:8]}"
