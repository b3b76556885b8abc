"""The Python step of the cross-language test (tools/gateway-fixture/test/cross-language.spec.ts).

Usage: python_step.py <gateway address> <client id> <topic>
Publishes one record and prints the result as a JSON line; then, for each line on
stdin, publishes again and prints what happened (the Go step fences it in between).
"""

from __future__ import annotations

import json
import sys

import onceport


def main() -> None:
    address, client_id, topic = sys.argv[1:4]
    client = onceport.connect(address, client_id)
    result = client.publish([onceport.Record(topic=topic, value=b"from-python")], idempotency_key="python-1")
    print(json.dumps({"published": [r.offset for r in result.results]}), flush=True)
    for _ in sys.stdin:
        try:
            client.publish([onceport.Record(topic=topic, value=b"python-zombie")])
            print(json.dumps({"fenced": False}), flush=True)
        except onceport.FencedError as fenced:
            print(json.dumps({"fenced": True, "reason": fenced.reason, "retriable": fenced.retriable}), flush=True)
    client.close()


if __name__ == "__main__":
    main()
