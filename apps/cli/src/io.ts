import { USAGE_EXIT_CODE } from "@onceport/errors";

/** What a command may touch of its process: streams, environment, working directory. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** True when stderr is a terminal: progress is shown there by default. */
  readonly interactive: boolean;
  /**
   * A signal that aborts on Ctrl-C (SIGINT) or SIGTERM, for commands that end
   * by being interrupted (subscribe, a continuous audit). Asking for it replaces
   * the default (the process dies at once) for the first such signal only.
   */
  readonly interrupt?: () => AbortSignal;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
    interrupt: () => {
      const controller = new AbortController();
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        controller.abort();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      return controller.signal;
    },
  };
}

/** Exit codes: 0 done, 1 the work failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failure: 1, usage: USAGE_EXIT_CODE } as const;
