import type { Command } from "../command.ts";

/**
 * Every command, in the order `--help` lists them. Each loads its code when it runs: the
 * SDK, the Kafka clients and the audit take most of a start-up, and `--help` needs none.
 */
export const commands: readonly Command[] = [
  {
    name: "publish",
    summary: "publish records (arguments, a file or stdin) atomically, exactly once",
    run: async (args, io) => (await import("./publish.ts")).publish(args, io),
  },
  {
    name: "subscribe",
    summary: "print committed records of topics, from the start or a position (read_committed)",
    run: async (args, io) => (await import("./subscribe.ts")).subscribe("subscribe", args, io),
  },
  {
    name: "tail",
    summary: "print committed records of topics from now on (subscribe --from-latest)",
    run: async (args, io) => (await import("./subscribe.ts")).subscribe("tail", args, io),
  },
  {
    name: "audit",
    summary: "read topics back and check them: duplicates, lost or aborted writes, order, Process outputs",
    run: async (args, io) => (await import("./audit.ts")).audit(args, io),
  },
  {
    name: "session",
    summary: "open a session and show it (diagnostics: reachability, transactional.id, open time)",
    run: async (args, io) => (await import("./session.ts")).session(args, io),
  },
  {
    name: "topics",
    summary: "create and list Kafka topics (development convenience)",
    run: async (args, io) => (await import("./topics.ts")).topics(args, io),
  },
];
