"""Process against a real gateway and broker: every input's output exactly once, read back from Kafka."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path

import onceport
import pytest
from process_transform import transform

STALLING_WORKER = Path(__file__).parent / "workers" / "stalling_worker.py"
# Only a guard against a hung run, never a measure: the waits below end on what the gateway acked.
GUARD_SECONDS = 120


class AckCounter:
    """Counts the input records of acked batches, told by ``on_event``, and wakes who waits for a total."""

    def __init__(self) -> None:
        self.records = 0
        self._changed = threading.Condition()

    def __call__(self, event: onceport.WorkerEvent) -> None:
        if isinstance(event, onceport.Acked):
            self.add(event.records)

    def add(self, records: int) -> None:
        with self._changed:
            self.records += records
            self._changed.notify_all()

    def wait_for(self, total: int) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: self.records >= total, GUARD_SECONDS), (
                f"{self.records} of {total} input records acked"
            )


def _seed(client: onceport.Client, topic: str, count: int) -> list[tuple[int, int, bytes]]:
    """Publishes ``count`` inputs over the topic's two partitions; returns (partition, offset, value) of each."""
    result = client.publish(
        [onceport.Record(topic=topic, partition=i % 2, key=f"k{i}".encode(), value=f"p-{i}".encode()) for i in range(count)]
    )
    return [(r.partition, r.offset, f"p-{i}".encode()) for i, r in enumerate(result.results)]


def _check_exactly_once(kafka, inputs, input_topic: str, output_topic: str, group: str) -> list[dict]:
    """Reads the output topic back (read_committed) and checks each input's one output: once, right, where it belongs."""
    outputs = kafka.read(output_topic, expected=len(inputs))
    from_input = Counter(record["headers"]["onceport-input"] for record in outputs)
    assert [source for source, times in from_input.items() if times > 1] == []
    assert set(from_input) == {f"{input_topic}/{partition}/{offset}" for partition, offset, _ in inputs}
    by_input = {record["headers"]["onceport-input"]: record for record in outputs}
    for partition, offset, value in inputs:
        output = by_input[f"{input_topic}/{partition}/{offset}"]
        assert output["value"] == "eur:" + value.decode()
        assert output["headers"]["onceport-message-id"] == f"{group}/{input_topic}/{partition}/{offset}/0"
    return outputs


def test_process_writes_each_inputs_output_exactly_once_and_stops_cleanly(address, kafka, client_id):
    input_topic, output_topic = kafka.create_topic(partitions=2), kafka.create_topic()
    group = f"{client_id}-eur"
    acked = AckCounter()
    with onceport.connect(address, client_id) as client:
        inputs = _seed(client, input_topic, 40)
        with client.process(
            group,
            [input_topic],
            onceport.each_record(lambda record, _: transform(record, output_topic)),
            max_batch_records=7,
            max_in_flight_batches=2,
            on_event=acked,
        ) as worker:
            acked.wait_for(len(inputs))
        assert worker.done()
        worker.wait()  # stopped cleanly: nothing to raise
    outputs = _check_exactly_once(kafka, inputs, input_topic, output_topic, group)
    assert {record["headers"]["onceport-client-id"] for record in outputs} == {client_id}
    assert acked.records == len(inputs)


def test_a_worker_killed_mid_batch_loses_its_lease_and_a_second_worker_writes_it_exactly_once(address, kafka, client_id):
    input_topic, output_topic = kafka.create_topic(partitions=2), kafka.create_topic()
    group = f"{client_id}-takeover"
    first_id, second_id = f"{client_id}-first", f"{client_id}-second"
    with onceport.connect(address, client_id) as client:
        inputs = _seed(client, input_topic, 30)

    acked = AckCounter()
    first = subprocess.Popen(
        [sys.executable, str(STALLING_WORKER), address, group, input_topic, output_topic, first_id, "2"],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    try:
        stalled_at = None
        for line in first.stdout:
            word, *rest = line.split()
            if word == "acked":
                acked.add(int(rest[0]))
            elif word == "stalled":
                stalled_at = (int(rest[0]), int(rest[1]))
                break
        assert stalled_at is not None, f"the first worker ended before it stalled (exit {first.wait()})"
        assert acked.records > 0  # it did commit batches before the one it dies in
        first.send_signal(signal.SIGKILL)
        first.wait()
        # An ack it printed before the kill still counts (none is expected: with one batch in
        # flight the gateway acks a batch before it sends the next).
        acked.add(sum(int(line.split()[1]) for line in first.stdout if line.startswith("acked ")))
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()

    # The batch the first worker held was never answered: the second gets it from the committed offset.
    with onceport.consumer_client(address, client_id=second_id) as consumer:
        second = consumer.process(
            group,
            input_topic,
            onceport.each_record(lambda record, _: transform(record, output_topic)),
            max_batch_records=5,
            on_event=acked,
        )
        acked.wait_for(len(inputs))
        second.stop()

    outputs = _check_exactly_once(kafka, inputs, input_topic, output_topic, group)
    writers = {record["headers"]["onceport-input"]: record["headers"]["onceport-client-id"] for record in outputs}
    assert set(writers.values()) == {first_id, second_id}
    partition, offset = stalled_at
    assert writers[f"{input_topic}/{partition}/{offset}"] == second_id
    assert acked.records == len(inputs)


def test_a_handler_that_raises_stops_the_worker_with_its_error_and_its_batch_is_not_written(address, kafka, client_id):
    input_topic, output_topic = kafka.create_topic(partitions=2), kafka.create_topic()
    group = f"{client_id}-failing"
    with onceport.connect(address, client_id) as client:
        inputs = _seed(client, input_topic, 10)
        failure = RuntimeError("the rates service is down")

        def failing(batch: onceport.ProcessBatch) -> list[onceport.ProcessOutput]:
            raise failure

        worker = client.process(group, input_topic, failing, worker_id=f"{client_id}-failing")
        with pytest.raises(RuntimeError) as raised:
            worker.wait(GUARD_SECONDS)
        assert raised.value is failure

        # Nothing was written, so a healthy worker of the group does all of it, once.
        acked = AckCounter()
        with client.process(
            group, input_topic, onceport.each_record(lambda r, _: transform(r, output_topic)), on_event=acked
        ):
            acked.wait_for(len(inputs))
        _check_exactly_once(kafka, inputs, input_topic, output_topic, group)

        refused = client.process(f"{group}-{uuid.uuid4().hex[:6]}", "no-such-topic-anywhere", failing)
        with pytest.raises(onceport.OnceportError) as missing:
            refused.wait(GUARD_SECONDS)
        assert missing.value.reason == "TOPIC_NOT_FOUND" and not missing.value.retriable
