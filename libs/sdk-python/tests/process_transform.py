"""The deterministic transform the Process tests run, in the test process and in worker processes."""

from __future__ import annotations

import onceport


def transform(record: onceport.ConsumedRecord, output_topic: str) -> onceport.Record:
    return onceport.Record(topic=output_topic, key=record.key, value=b"eur:" + record.value)
