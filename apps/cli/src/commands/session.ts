import { connectionSettings } from "../connection/connection-options.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { clientId, gatewayOptions, gatewayOptionsHelp, parse } from "../options.ts";
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

export async function session(args: readonly string[], io: CliIo): Promise<number> {
  const { values: flags } = parse(args, gatewayOptions);
  if (flags.help) {
    printLine(io, help);
    return exitCodes.ok;
  }
  const json = flags.json === true;
  const connection = connectionSettings(flags, io);
  const id = clientId(flags["client-id"], io);
  const started = performance.now();
  try {
    const client = await connectClient(connection, id, json, io);
    const openMs = Math.round(performance.now() - started);
    const opened = client.session;
    await client.close();
    const report = {
      address: connection.address,
      clientId: id,
      sessionId: opened?.id,
      transactionalId: opened?.transactionalId,
      idleTimeoutMs: opened?.idleTimeoutMs,
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
}
