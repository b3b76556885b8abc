// The tests' currency conversion: deterministic, with inputs of no, one and two outputs.
import type { OutputRecord } from "../../src/index.ts";

export interface Payment {
  readonly order: string;
  readonly amount: number;
  readonly currency: string;
}

const eurPer: Record<string, number> = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.06 };

/** Payment i: an unknown currency every 13th (no output), a large amount every 10th (two outputs). */
export function payment(i: number): Payment {
  const currencies = ["USD", "GBP", "CHF", "EUR"];
  return {
    order: `order-${i}`,
    amount: i % 10 === 0 ? 10_000 + i : 100 + i,
    currency: i % 13 === 0 ? "XXX" : (currencies[i % currencies.length] ?? "EUR"),
  };
}

/** The outputs of one payment: its EUR conversion, plus a review record for large amounts; none for an unknown currency. */
export function convert(input: Payment, topic: string): OutputRecord[] {
  const rate = eurPer[input.currency];
  if (rate === undefined) return [];
  const amount = Math.round(input.amount * rate * 100) / 100;
  const converted = { topic, key: input.order, value: JSON.stringify({ ...input, amount, currency: "EUR" }) };
  if (input.amount < 10_000) return [converted];
  return [converted, { topic, key: input.order, value: JSON.stringify({ review: input.order, amount }) }];
}
