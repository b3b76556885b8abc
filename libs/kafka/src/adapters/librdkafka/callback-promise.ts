// The binding answers through Node-style callbacks, and some of its methods throw before they
// call back (a disconnected client, a bad argument): both end up as one rejected promise.
import type { KafkaError } from "../../kafka-error.ts";

export type Done<T> = (error: unknown, value?: T) => void;

export function settle<T>(start: (done: Done<T>) => void, fail: (error: unknown) => KafkaError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((error, value) => {
        if (error !== null && error !== undefined) reject(fail(error));
        else resolve(value as T);
      });
    } catch (error) {
      reject(fail(error));
    }
  });
}
