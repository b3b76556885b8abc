// The client's producer and transaction types as this adapter uses them: in a file of their
// own so that the producer, its transactions and the group offsets share them without
// importing each other.
import type { Producer } from "@platformatic/kafka";
import type { HeaderSlot } from "./outgoing-batches.ts";

export type PlatformaticProducer = Producer<Buffer, Buffer, HeaderSlot, Buffer | null>;
/** The client does not export its Transaction class: its beginTransaction's answer. */
export type PlatformaticTransaction = Awaited<ReturnType<PlatformaticProducer["beginTransaction"]>>;
