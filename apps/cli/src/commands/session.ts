import type { Command } from "../command.ts";
import { exitCodes } from "../io.ts";
import { clientId, gatewayAddress, gatewayOptions, gatewayOptionsHelp, parse } from "../options.ts";
import { printError, printJson, printLine } from "../output.ts";
import { connectClient } from "./gateway-client.ts";

const help = `Usage: onceport session [options]

Opens a session on the gateway, prints what the gateway says about it (session
id, the Kafka transactional.id of this client's producer, the idle timeout) and
how long opening took (fencing earlier producers of the client id and catching
up on its receipts), then closes it.

Opening a session fences every live session of the same client id: use a client
id no running program uses.

${gatewayOptionsHelp}`;

export const sessionCommand: Command = {
  name: "session",
  summary: "open a session and show it (diagnostics: reachability, transactional.id, open time)",
  help,
  async run(args, io) {
    const { values: flags } = parse(args, gatewayOptions);
    if (flags.help) {
      printLine(io, help);
      return exitCodes.ok;
    }
    const json = flags.json === true;
    const started = performance.now();
    try {
      const client = await connectClient(flags, io);
      const openMs = Math.round(performance.now() - started);
      const session = client.session;
      await client.close();
      const report = {
        address: gatewayAddress(flags.address, io),
        clientId: clientId(flags["client-id"], io),
        sessionId: session?.id,
        transactionalId: session?.transactionalId,
        idleTimeoutMs: session?.idleTimeoutMs,
        openMs,
      };
      if (json) printJson(io, report);
      else {
        for (const [name, value] of Object.entries(report)) printLine(io, `${name.padEnd(16)} ${value}`);
      }
      return exitCodes.ok;
    } catch (error) {
      printError(io, error, json);
      return exitCodes.failure;
    }
  },
};
