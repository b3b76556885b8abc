// A currency-conversion worker: payments in any currency in, payments in EUR out, exactly once.
// Against `npm start`, after `npx onceport topics create payments --partitions 2` and
// `npx onceport topics create payments-eur`. Run it twice: the second run converts nothing new.
import { connect, eachRecord } from "@onceport/sdk";

const {
  ONCEPORT_ADDRESS = "127.0.0.1:50051",
  ONCEPORT_CLIENT_ID = "currency-worker",
  PAYMENTS = "payments",
  PAYMENTS_EUR = "payments-eur",
  GROUP = "eur-converter",
} = process.env;
const eurPer: Record<string, number> = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.06 };
interface Payment {
  readonly order: string;
  readonly amount: number;
  readonly currency: string;
}

const client = await connect({ address: ONCEPORT_ADDRESS, clientId: ONCEPORT_CLIENT_ID });

// A few payments to convert, written exactly once: the same key again writes nothing.
const payments: Payment[] = ["USD", "GBP", "CHF", "EUR"].map((currency, i) => ({
  order: `order-${i}`,
  amount: 100 + i,
  currency,
}));
const { results } = await client.publish(
  payments.map((payment) => ({ topic: PAYMENTS, key: payment.order, value: JSON.stringify(payment) })),
  { idempotencyKey: `${PAYMENTS}-1` },
);

// The worker: each payment in, its conversion out (none for an unknown currency). The gateway
// commits a batch's outputs with its input offsets in one transaction. Deterministic, as a
// handler must be: a batch whose commit was lost comes again and must give the same outputs.
const worker = client.process(
  { group: GROUP, topics: [PAYMENTS] },
  eachRecord((record) => {
    const payment = JSON.parse(record.value.toString()) as Payment;
    const rate = eurPer[payment.currency];
    if (rate === undefined) return null;
    const amount = Math.round(payment.amount * rate * 100) / 100;
    return {
      topic: PAYMENTS_EUR,
      key: payment.order,
      value: JSON.stringify({ ...payment, amount, currency: "EUR" }),
    };
  }),
);

// A reader of the outputs (read_committed, from the start) until the conversions of these payments
// are there: each output names its input in the `onceport-input` header, "<topic>/<partition>/<offset>".
const waiting = new Set(results.map(({ topic, partition, offset }) => `${topic}/${partition}/${offset}`));
for await (const { records, position } of client.subscribe({ topics: [PAYMENTS_EUR] })) {
  for (const record of records) {
    if (waiting.delete(record.headers["onceport-input"]?.toString() ?? ""))
      console.log(`EUR: ${record.value}`);
  }
  if (waiting.size === 0) {
    console.log(`all converted; a reader resumes after them from position ${position}`);
    break;
  }
}
await worker.stop(); // leaves the group cleanly: what it took is committed first
await client.close();
