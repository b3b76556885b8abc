// The boundaries, written down: what each kind of package may import, and where a Kafka
// client may be imported. docs/architecture.md explains them; check.ts applies them.
import type { PackageKind } from "./workspace.ts";

/** What a lib's published code must never import: it would not exist outside the repository. */
export const notForLibs: ReadonlySet<PackageKind> = new Set(["app", "tool", "test"]);

/** The Kafka layer: the one package that adapts a Kafka client. */
export const kafkaLayerDir = "libs/kafka";

/** Kafka client packages; the ones the Kafka layer depends on are checked. */
export const kafkaClientPackages: readonly string[] = [
  "kafkajs",
  "@confluentinc/kafka-javascript",
  "@platformatic/kafka",
];

/**
 * Places outside the Kafka layer that import a Kafka client on purpose, each with its reason
 * (printed with every run, so an exception is never silent).
 */
export const kafkaClientExceptions: readonly { readonly under: string; readonly why: string }[] = [
  {
    under: "tools/bench/src/drivers/",
    why: "the benchmark's baseline drivers measure each Kafka client directly, beside Onceport",
  },
];
