// The one place where @platformatic/kafka's errors become KafkaErrors. Its errors nest: a
// retried operation fails with a MultipleErrors whose `errors` hold every attempt's error, a
// broker answer with errors is a ResponseError (a MultipleErrors) of ProtocolErrors, each with
// the Kafka error name as `apiId` and its number as `apiCode`. So the whole tree is searched,
// and the most telling broker error in it decides the kind.
import { KafkaError, type KafkaErrorKind, kindOfCode } from "../../kafka-error.ts";

/** Kinds in the order a broker error found anywhere in the tree wins: the most final first. */
const kindPriority: readonly KafkaErrorKind[] = [
  "fenced",
  "authorization",
  "transaction-state",
  "too-large",
  "invalid-argument",
  "unknown-topic",
  "unavailable",
];

/**
 * Broker errors that kindOfCode leaves to `unavailable` but that no retry of the same call
 * can cure: the request itself asks for what is not there.
 */
const kindsOverridden: Readonly<Record<string, KafkaErrorKind>> = {
  // A reader asked for an offset outside the log (deleted by retention, or past its end).
  OFFSET_OUT_OF_RANGE: "invalid-argument",
  // A group refusing a member's JoinGroup for how it asked: joining again the same way cannot help.
  INVALID_SESSION_TIMEOUT: "invalid-argument",
  INCONSISTENT_GROUP_PROTOCOL: "invalid-argument",
  INVALID_GROUP_ID: "invalid-argument",
};

interface FoundCode {
  readonly code: string;
  readonly kind: KafkaErrorKind;
  readonly serverMessage: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Every error in the tree: the error itself, its `errors` (MultipleErrors, AggregateError) and causes. */
function flatten(error: unknown, into: unknown[] = [], depth = 0): unknown[] {
  if (depth > 8 || into.includes(error)) return into;
  into.push(error);
  if (!isRecord(error)) return into;
  const nested = error.errors;
  if (Array.isArray(nested)) for (const inner of nested) flatten(inner, into, depth + 1);
  if (error.cause !== undefined) flatten(error.cause, into, depth + 1);
  return into;
}

function brokerCode(error: unknown): FoundCode | undefined {
  if (!isRecord(error) || typeof error.apiId !== "string" || error.apiId === "NONE") return undefined;
  const code = error.apiId;
  const serverMessage = typeof error.serverErrorMessage === "string" ? error.serverErrorMessage : undefined;
  return { code, kind: kindsOverridden[code] ?? kindOfCode(code), serverMessage };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Errors the client raises itself, without a broker error name. Its metadata call turns the
 * broker's UNKNOWN_TOPIC_OR_PARTITION into a UserError "Unknown topic <name>." (base.js), and
 * admin calls raise "Unknown partition.", so those two are recognised by their text.
 */
function clientKind(error: unknown): { kind: KafkaErrorKind; code?: string } | undefined {
  if (!isRecord(error) || typeof error.code !== "string") return undefined;
  const message = messageOf(error);
  switch (error.code) {
    case "PLT_KFK_USER":
      if (/^Unknown (topic|partition)\b/.test(message))
        return { kind: "unknown-topic", code: "UNKNOWN_TOPIC_OR_PARTITION" };
      if (/\bclosed\b/i.test(message)) return { kind: "unknown" };
      if (/transaction/i.test(message)) return { kind: "transaction-state" };
      return { kind: "invalid-argument" };
    case "PLT_KFK_AUTHENTICATION":
      return { kind: "authorization", code: "SASL_AUTHENTICATION_FAILED" };
    case "PLT_KFK_NETWORK":
    case "PLT_KFK_TIMEOUT":
      // A closed client is a NetworkError too, one that no retry revives.
      return error.closed === true ? { kind: "unknown" } : { kind: "unavailable" };
    default:
      return undefined;
  }
}

/** The KafkaError for anything @platformatic/kafka threw while doing `action`. */
export function toKafkaError(error: unknown, action: string): KafkaError {
  if (error instanceof KafkaError) return error;
  const tree = flatten(error);
  const codes = tree.map(brokerCode).filter((found): found is FoundCode => found !== undefined);
  const chosen = kindPriority
    .map((kind) => codes.find((found) => found.kind === kind))
    .find((found) => found !== undefined);
  if (chosen !== undefined) {
    const detail = chosen.serverMessage === undefined ? "" : ` (${chosen.serverMessage})`;
    return new KafkaError(chosen.kind, `${action}: ${chosen.code}${detail}: ${messageOf(error)}`, {
      code: chosen.code,
      cause: error,
    });
  }
  const client = tree.map(clientKind).find((found) => found !== undefined);
  if (client !== undefined) {
    return new KafkaError(client.kind, `${action}: ${messageOf(error)}`, {
      ...(client.code === undefined ? {} : { code: client.code }),
      cause: error,
    });
  }
  return new KafkaError("unknown", `${action}: ${messageOf(error)}`, { cause: error });
}

/** Runs `call`, throwing what it throws as a KafkaError. */
export async function translated<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toKafkaError(error, action);
  }
}
