// The Agent SDK used as a package from another project: built, packed with npm, installed into a
// scratch project, its ABIs imported, and run as that project's agent against a real nats-server.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";
import { acceptProposal } from "@concord/orchestrator/rounds/verify-results.ts";
import { encodeMessage, proposeTask, subjects } from "@concord/agent-sdk/protocol";

const root = path.resolve(import.meta.dirname, "../..");
// Inside the checkout, so the scratch project finds the SDK's own dependencies (viem, nats, zod)
// the way an installed package would find them in its host project's node_modules.
const consumerRoot = path.join(root, ".concord/sdk-consumer");

describe("the Agent SDK as a package", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureStreams(nc);
  });
  after(async () => {
    await nc?.drain();
    await server?.stop();
    await rm(consumerRoot, { recursive: true, force: true });
  });

  it("builds, packs and installs, and its agent answers a task with a signed, valid proposal", async () => {
    execFileSync("npm", ["run", "--silent", "build:sdk"], { cwd: root, stdio: "inherit" });
    const packDir = await mkdtemp(path.join(tmpdir(), "concord-sdk-pack-"));
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir, "./sdk/dist"], { cwd: root, encoding: "utf8" }).trim().split("\n").at(-1)!;
    const installed = path.join(consumerRoot, "node_modules/@concord/agent-sdk");
    await rm(consumerRoot, { recursive: true, force: true });
    await mkdir(installed, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(packDir, tarball), "-C", installed, "--strip-components=1"]);
    await writeFile(path.join(consumerRoot, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    await writeFile(
      path.join(consumerRoot, "agent.mjs"),
      `import { defineAgent, runAgent } from "@concord/agent-sdk/agent";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { createSession, readDeploymentRecord } from "@concord/agent-sdk/chain";
import { privateKeyToAccount } from "viem/accounts";
// A user's script reads the contracts' ABIs from the package, not from the compiler's artifacts.
if (!sessionsAbi.some((item) => item.type === "function" && item.name === "createSession")) throw new Error("no createSession in sessionsAbi");
// ...and its chain actions come compiled with it.
if (typeof createSession !== "function" || typeof readDeploymentRecord !== "function") throw new Error("no chain actions in @concord/agent-sdk/chain");
const agent = defineAgent({
  name: "outsider", modelId: "consumer-model",
  async propose({ task }) { return { thoughtProcess: "counted the words", solution: String(task.split(" ").length) }; },
  async evaluate({ candidates }) { return { assessments: candidates.map((c) => ({ label: c.label, endorsement: 10, justification: "ok", stance: "support", isFinalSolution: false })) }; },
});
const running = await runAgent(agent, {
  natsServers: process.env.NATS_URL,
  account: privateKeyToAccount(process.env.AGENT_KEY),
  sessions: { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
});
await running.ready;
console.log("consumer agent ready");
process.once("SIGTERM", () => running.stop().then(() => process.exit(0)));
`,
    );
    const key = generatePrivateKey();
    const child = spawn(process.execPath, ["agent.mjs"], { cwd: consumerRoot, env: { ...process.env, NATS_URL: server.url, AGENT_KEY: key }, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (line) => line === "consumer agent ready" && resolve());
        child.once("exit", (code) => reject(new Error(`consumer agent exited with ${code}`)));
      });
      const phase = openPhase({
        nc, sessionId: "1", round: 1, phase: "propose", signers: new Map([["outsider", privateKeyToAccount(key).address]]),
        deadline: Date.now() + 30_000, accept: (agent, data) => acceptProposal({ sessionId: "1", round: 1, agent }, data),
      });
      nc.publish(subjects.task("1", "outsider", "propose"), encodeMessage(proposeTask, { sessionId: "1", round: 1, task: "one two three", deadline: Date.now() + 30_000 }));
      const collected = await phase.done;
      assert.deepEqual(collected.rejected, []);
      assert.equal(collected.answers.get("outsider")?.solution, "3");
    } finally {
      // Waited for: its stop() runs before the suite stops the server, and must succeed.
      const exited = child.exitCode === null && child.signalCode === null ? once(child, "exit") : undefined;
      child.kill("SIGTERM");
      if (exited) assert.deepEqual(await exited, [0, null], "the consumer agent stops cleanly on SIGTERM");
    }
  });
});
