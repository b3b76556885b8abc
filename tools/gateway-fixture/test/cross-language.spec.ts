// One story across three SDKs, against a real broker and a real gateway process: a Python
// client publishes; a Go client opens the same client id, which fences the Python client
// (whose next publish raises FencedError), and publishes; a Java client reads the topic
// through the gateway's Subscribe (and with a plain read_committed consumer) and sees
// exactly the two committed records.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureEnvironment, startFixtureEnvironment } from "../src/environment.ts";
import { buildGoProgram } from "../src/languages/go.ts";
import { javaTestClasspath } from "../src/languages/java.ts";
import { python, pythonEnv, venvPython } from "../src/languages/python.ts";
import { REPO_ROOT } from "../src/paths.ts";

let environment: FixtureEnvironment;
let goStep: string;
let javaClasspath: string;

beforeAll(async () => {
  // Provisioned one after another: the machine has two cores, and the builds are heavy.
  await python.prepare();
  goStep = await buildGoProgram("./internal/crosslang", "crosslang");
  javaClasspath = await javaTestClasspath();
  environment = await startFixtureEnvironment("cross");
});

afterAll(async () => {
  await environment?.close();
});

async function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`${command} exited with ${code}:\n${output}`);
  return output;
}

async function nextLine(lines: Interface): Promise<unknown> {
  const [line] = (await once(lines, "line")) as [string];
  return JSON.parse(line);
}

describe("the SDKs of three languages share one client id and one topic", () => {
  it("Python publishes, Go fences Python and publishes, Java reads exactly both", async () => {
    const topic = uniqueTopicName("cross");
    await createTopics(environment.brokers, [{ topic }]);
    const clientId = `cross-${randomBytes(4).toString("hex")}`;
    const address = environment.gateway.address;

    const pythonStep = spawn(
      venvPython,
      [join(REPO_ROOT, "libs/sdk-python/tests/cross_language/python_step.py"), address, clientId, topic],
      { env: pythonEnv(), stdio: ["pipe", "pipe", "inherit"] },
    );
    const pythonLines = createInterface({ input: pythonStep.stdout });
    const pythonExited = once(pythonStep, "exit");
    let pythonOffset: number;
    let goOffset: number;
    try {
      [pythonOffset] = ((await nextLine(pythonLines)) as { published: [number] }).published;

      [goOffset] = (
        JSON.parse(await run(goStep, [address, clientId, topic])) as { published: [number] }
      ).published;
      // Each transaction's commit marker takes an offset too: the next record is past it.
      expect(goOffset).toBeGreaterThan(pythonOffset);

      pythonStep.stdin.write("publish again\n");
      expect(await nextLine(pythonLines)).toEqual({
        fenced: true,
        reason: "PRODUCER_FENCED",
        retriable: false,
      });
    } finally {
      pythonStep.stdin.end();
      await pythonExited;
    }

    const java = await run("java", [
      "-cp",
      javaClasspath,
      "dev.onceport.sdk.CrossLanguageRead",
      address,
      environment.brokers.join(","),
      topic,
      "2",
    ]);
    const lines = java.trim().split("\n");
    const expected = [`0 ${pythonOffset} from-python`, `0 ${goOffset} from-go`];
    expect(lines.filter((line) => !line.startsWith("consumer "))).toEqual(expected);
    expect(lines.filter((line) => line.startsWith("consumer "))).toEqual(
      expected.map((line) => `consumer ${line}`),
    );
  });
});
