"""Subscribe against a real gateway and broker: committed records only, resumable from a position."""

from __future__ import annotations

import onceport
import pytest


def _by_partition(records: list[onceport.ConsumedRecord]) -> dict[int, list[str]]:
    read: dict[int, list[str]] = {}
    for record in records:
        read.setdefault(record.partition, []).append(record.value.decode())
    return read


def _read_until(subscription: onceport.Subscription, last: set[str]) -> list[onceport.ConsumedRecord]:
    """Reads batches until every value of ``last`` came. Each is the last record of its partition,
    and a partition is read in order, so by then everything before them came too."""
    records: list[onceport.ConsumedRecord] = []
    for batch in subscription:
        records.extend(batch.records)
        if last <= {record.value.decode() for record in records}:
            break
    return records


def test_subscribe_reads_committed_records_and_resumes_after_a_position_with_nothing_twice_or_missed(
    address, kafka, client_id
):
    topic = kafka.create_topic(partitions=2)
    with onceport.connect(address, client_id) as client:
        for i in range(4):
            client.publish([onceport.Record(topic=topic, partition=i % 2, value=f"a-{i}".encode())])
        with pytest.raises(RuntimeError):
            with client.transaction() as tx:
                tx.send([onceport.Record(topic=topic, partition=p, value=f"aborted-{p}".encode()) for p in (0, 1)])
                raise RuntimeError("declined")
        client.publish([onceport.Record(topic=topic, partition=0, key=b"k", value=b"b-0", headers={"source": b"test"})])

        # The first batch only: the position after it lies inside the topic, not at its end.
        with client.subscribe(topic) as first:
            first_batch = next(iter(first))
        assert first.position == first_batch.position
        assert first_batch.records

        # More after the first reading, an aborted transaction among them, then a last record per partition.
        client.publish([onceport.Record(topic=topic, partition=1, value=b"c-1")])
        with pytest.raises(RuntimeError):
            with client.transaction() as tx:
                tx.send([onceport.Record(topic=topic, partition=1, value=b"aborted-again")])
                raise RuntimeError("declined")
        client.publish([onceport.Record(topic=topic, partition=p, value=f"end-{p}".encode()) for p in (0, 1)])

        with client.subscribe([topic], position=first_batch.position) as resumed:
            rest = _read_until(resumed, {"end-0", "end-1"})

    read = _by_partition(first_batch.records + rest)
    # Each partition whole, in order, once: the resumed reading starts right after the first batch.
    assert read == {0: ["a-0", "a-2", "b-0", "end-0"], 1: ["a-1", "a-3", "c-1", "end-1"]}
    b0 = next(record for record in first_batch.records + rest if record.value == b"b-0")
    assert (b0.topic, b0.partition, b0.key, b0.headers["source"]) == (topic, 0, b"k", b"test")
    assert b0.headers["onceport-message-id"]


def test_a_subscription_is_iterated_once_and_refused_after_its_client_closed(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        client.publish([onceport.Record(topic=topic, value=b"only")])
        with client.subscribe(topic) as subscription:
            assert [record.value for record in next(iter(subscription)).records] == [b"only"]
            with pytest.raises(RuntimeError):
                iter(subscription)
    with pytest.raises(onceport.OnceportError) as closed:
        client.subscribe(topic)
    assert closed.value.reason == "CLIENT_CLOSED"


def test_subscribing_to_a_missing_topic_raises_a_typed_error(address, client_id):
    with onceport.consumer_client(address) as consumer:
        with pytest.raises(onceport.OnceportError) as failed:
            next(iter(consumer.subscribe("no-such-topic-anywhere")))
    assert failed.value.reason == "TOPIC_NOT_FOUND" and not failed.value.retriable
