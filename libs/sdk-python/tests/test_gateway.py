"""The SDK's exactly-once behaviour, against a real gateway and broker."""

from __future__ import annotations

import onceport
import pytest


def test_publish_is_atomic_across_partitions_and_lands_at_the_returned_offsets(address, kafka, client_id):
    topic = kafka.create_topic(partitions=2)
    with onceport.connect(address, client_id) as client:
        result = client.publish(
            [
                onceport.Record(topic=topic, partition=0, value=b"a", key=b"k0"),
                onceport.Record(topic=topic, partition=1, value=b"b", key=b"k1"),
            ]
        )
    assert not result.duplicate
    assert [(r.partition, r.offset) for r in result.results] == [(0, 0), (1, 0)]
    read = kafka.read(topic, expected=2)
    assert [(r["partition"], r["offset"], r["value"]) for r in read] == [(0, 0, "a"), (1, 0, "b")]
    assert read[0]["headers"]["onceport-message-id"] == result.results[0].message_id


def test_the_same_idempotency_key_twice_writes_one_copy(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        first = client.publish([onceport.Record(topic=topic, value=b"once")], idempotency_key="order-1")
        second = client.publish([onceport.Record(topic=topic, value=b"once")], idempotency_key="order-1")
    assert (first.duplicate, second.duplicate) == (False, True)
    assert second.results == first.results
    assert [r["value"] for r in kafka.read(topic, expected=1)] == ["once"]


def test_a_key_committed_through_an_earlier_session_is_a_duplicate_in_a_new_one(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        first = client.publish([onceport.Record(topic=topic, value=b"x")], idempotency_key="retry-me")
    with onceport.connect(address, client_id) as again:
        second = again.publish([onceport.Record(topic=topic, value=b"x")], idempotency_key="retry-me")
    assert second.duplicate and second.results == first.results
    assert len(kafka.read(topic, expected=1)) == 1


def test_a_transaction_that_raises_is_aborted_and_shows_nothing(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        with pytest.raises(RuntimeError, match="changed my mind"):
            with client.transaction() as tx:
                sent = tx.send([onceport.Record(topic=topic, value=b"never")])
                assert sent[0].offset == 0
                raise RuntimeError("changed my mind")
        # A committed marker after it: once it is read, the aborted record would have been too.
        client.publish([onceport.Record(topic=topic, value=b"marker")])
    assert [r["value"] for r in kafka.read(topic, expected=1)] == ["marker"]
    assert [r["value"] for r in kafka.read(topic, expected=2, isolation="read_uncommitted")] == ["never", "marker"]


def test_a_transaction_commits_when_its_block_ends(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        with client.transaction(idempotency_key="tx-1") as tx:
            tx.send([onceport.Record(topic=topic, value=b"one")])
            tx.send([onceport.Record(topic=topic, value=b"two")])
        assert [r.offset for r in tx.result.results] == [0, 1]
        with client.transaction(idempotency_key="tx-1") as again:
            again.send([onceport.Record(topic=topic, value=b"one")])
        assert again.already_committed and again.result.results == tx.result.results
    assert [r["value"] for r in kafka.read(topic, expected=2)] == ["one", "two"]


def test_a_second_client_with_the_same_id_fences_the_first(address, kafka, client_id):
    topic = kafka.create_topic()
    first = onceport.connect(address, client_id)
    first.publish([onceport.Record(topic=topic, value=b"before")])
    with onceport.connect(address, client_id) as second:
        with pytest.raises(onceport.FencedError) as fenced:
            first.publish([onceport.Record(topic=topic, value=b"zombie")])
        assert fenced.value.reason == "PRODUCER_FENCED" and not fenced.value.retriable
        # Stopped for good: the next call fails at once, without reopening a session.
        with pytest.raises(onceport.FencedError):
            first.publish([onceport.Record(topic=topic, value=b"zombie again")])
        assert first.session_id  # still the fenced session: never re-opened
        second.publish([onceport.Record(topic=topic, value=b"after")])
    first.close()
    assert [r["value"] for r in kafka.read(topic, expected=2)] == ["before", "after"]


def test_the_publish_stream_acknowledges_in_order_once_committed(address, kafka, client_id):
    topic = kafka.create_topic()
    with onceport.connect(address, client_id) as client:
        with client.publisher() as publisher:
            futures = [publisher.publish([onceport.Record(topic=topic, value=f"m{i}".encode())]) for i in range(20)]
            duplicate = publisher.publish([onceport.Record(topic=topic, value=b"m0")], futures[0].result(30).idempotency_key)
        results = [future.result(30) for future in futures]
    assert [r.results[0].offset for r in results] == sorted(r.results[0].offset for r in results)
    assert duplicate.result(30).duplicate
    assert [r["value"] for r in kafka.read(topic, expected=20)] == [f"m{i}" for i in range(20)]


def test_a_bad_publish_raises_a_typed_error(address, client_id):
    with onceport.connect(address, client_id) as client:
        with pytest.raises(onceport.OnceportError) as failed:
            client.publish([onceport.Record(topic="no-such-topic-anywhere", value=b"x")])
    assert failed.value.reason == "TOPIC_NOT_FOUND"
    assert not failed.value.retriable
    assert not isinstance(failed.value, onceport.FencedError)
