import { OnceportError } from "@onceport/errors";

/** Kafka's own rules for a topic name (org.apache.kafka.common.internals.Topic). */
const maxTopicNameLength = 249;
const legalTopicName = /^[a-zA-Z0-9._-]+$/;
/** How much of a bad name an error message repeats: a caller's 10,000 characters would not fit a trailer. */
const quotedNameLength = 40;

/**
 * Refuses a name Kafka would refuse, as INVALID_ARGUMENT (Kafka's own answer to such a name
 * reaches clients as a retriable failure through some clients). Once checked, a name is
 * short and plain enough to quote in any later message.
 */
export function checkTopicName(topic: string, where: string): void {
  if (topic === "") throw new OnceportError("INVALID_ARGUMENT", `${where} names no topic`);
  const problem =
    topic.length > maxTopicNameLength
      ? `is ${topic.length} characters long; Kafka allows ${maxTopicNameLength}`
      : topic === "." || topic === ".."
        ? `cannot be "." or ".."`
        : legalTopicName.test(topic)
          ? undefined
          : "may hold only ASCII letters, digits, '.', '_' and '-'";
  if (problem === undefined) return;
  throw new OnceportError("INVALID_ARGUMENT", `${where}: the topic name ${quoted(topic)} ${problem}`);
}

function quoted(name: string): string {
  const shown = name.length > quotedNameLength ? `${name.slice(0, quotedNameLength)}…` : name;
  return JSON.stringify(shown);
}
