"""Publishes to a topic through the gateway: once, again with the same key, in a transaction, on a stream.

Usage: python examples/publish.py [topic]   (gateway: ONCEPORT_ADDRESS, default 127.0.0.1:50051)
"""

import os
import sys

import onceport

address = os.environ.get("ONCEPORT_ADDRESS", "127.0.0.1:50051")
topic = sys.argv[1] if len(sys.argv) > 1 else "orders"

with onceport.connect(address, "example-python") as client:
    first = client.publish([onceport.Record(topic=topic, key=b"o-1", value=b"created")], idempotency_key="o-1")
    again = client.publish([onceport.Record(topic=topic, key=b"o-1", value=b"created")], idempotency_key="o-1")
    print("published at", first.results[0].offset, "; again with the same key: duplicate =", again.duplicate)

    with client.transaction() as tx:
        tx.send([onceport.Record(topic=topic, value=b"step 1")])
        tx.send([onceport.Record(topic=topic, value=b"step 2")])
    print("transaction committed at", [r.offset for r in tx.result.results])

    with client.publisher() as publisher:
        acks = [publisher.publish([onceport.Record(topic=topic, value=f"event {i}".encode())]) for i in range(100)]
    print("stream: 100 publishes acknowledged, the last at", acks[-1].result().results[0].offset)
