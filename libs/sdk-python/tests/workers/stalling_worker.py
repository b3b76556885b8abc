"""A worker process for the test of a worker killed mid-batch: it commits some batches, then
stalls inside the next one (its result never sent) until the test SIGKILLs it.

Usage: stalling_worker.py ADDRESS GROUP INPUT_TOPIC OUTPUT_TOPIC WORKER_ID BATCHES_BEFORE_STALL
It prints "acked <records>" for each committed batch, then "stalled <partition> <first offset>".
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import onceport

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the shared transform
from process_transform import transform  # noqa: E402


def main() -> None:
    address, group, input_topic, output_topic, worker_id, before_stall = sys.argv[1:7]
    handled = 0

    def handler(batch: onceport.ProcessBatch) -> list[onceport.ProcessOutput]:
        nonlocal handled
        if handled == int(before_stall):
            print(f"stalled {batch.partition} {batch.records[0].offset}", flush=True)
            threading.Event().wait()  # killed in here: the batch is never answered
        handled += 1
        return onceport.each_record(lambda record, _: transform(record, output_topic))(batch)

    def on_event(event: onceport.WorkerEvent) -> None:
        if isinstance(event, onceport.Acked):
            print(f"acked {event.records}", flush=True)

    consumer = onceport.consumer_client(address)
    worker = consumer.process(
        group, input_topic, handler, worker_id=worker_id, max_batch_records=5, on_event=on_event
    )
    worker.wait()


if __name__ == "__main__":
    main()
