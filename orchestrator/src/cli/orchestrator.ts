// `concord orchestrator`: a long-running orchestrator process. It takes session jobs from the
// shared work queue (several may run side by side), and resumes sessions whose owner died.
// The signing key comes from CONCORD_ORCHESTRATOR_KEY so it never shows in a process list.
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { deploymentSchema, hash32 } from "@concord/agent-sdk/protocol";
import { connectChain } from "../chain/clients.ts";
import { startJobWorker } from "../jobs/job-worker.ts";
import { ensureStreams } from "../nats/streams.ts";
import { terminalReporter } from "./terminal-reporter.ts";

const { values: flags } = parseArgs({
  options: {
    nats: { type: "string", default: "nats://127.0.0.1:4222" },
    deployment: { type: "string", default: ".concord/devnet/deployment.json" },
    owner: { type: "string", default: `${hostname()}-${process.pid}` },
    "lock-ttl-ms": { type: "string", default: "15000" },
    "ack-wait-ms": { type: "string", default: "30000" },
    concurrency: { type: "string", default: "4" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(`concord orchestrator [--nats URL] [--deployment FILE] [--owner NAME] [--lock-ttl-ms N] [--ack-wait-ms N] [--concurrency N]
  Takes session jobs from the work queue (${"NSED_JOBS"}) and runs them to settlement.
  Environment: CONCORD_ORCHESTRATOR_KEY  the 0x private key of the sessions' orchestrator address
               CONCORD_NATS_USER, CONCORD_NATS_PASSWORD  NATS credentials, when the server requires them`);
  process.exit(0);
}

const config = z
  .object({
    key: hash32,
    lockTtlMs: z.coerce.number().int().min(500),
    ackWaitMs: z.coerce.number().int().min(500),
    concurrency: z.coerce.number().int().min(1).max(256),
  })
  .safeParse({
    key: process.env.CONCORD_ORCHESTRATOR_KEY,
    lockTtlMs: flags["lock-ttl-ms"],
    ackWaitMs: flags["ack-wait-ms"],
    concurrency: flags.concurrency,
  });
if (!config.success) {
  console.error(`concord orchestrator: bad configuration\n${z.prettifyError(config.error)}`);
  process.exit(2);
}
const deployment = deploymentSchema.parse(JSON.parse(await readFile(flags.deployment, "utf8")));
const clients = await connectChain(deployment.rpcUrl);
// A NATS server with per-agent users needs the orchestrator's (unrestricted) credentials too.
const natsAuth = process.env.CONCORD_NATS_USER ? { user: process.env.CONCORD_NATS_USER, pass: process.env.CONCORD_NATS_PASSWORD ?? "" } : {};
const nc = await connect({ servers: flags.nats, name: `concord-orchestrator-${flags.owner}`, ...natsAuth });
await ensureStreams(nc, { jobAckWaitMs: config.data.ackWaitMs });
const worker = await startJobWorker({
  nc,
  chain: { publicClient: clients.publicClient, deployment },
  orchestrator: clients.walletFor(privateKeyToAccount(config.data.key)),
  owner: flags.owner,
  lockTtlMs: config.data.lockTtlMs,
  jobAckWaitMs: config.data.ackWaitMs,
  concurrency: config.data.concurrency,
  reporterFor: (job, panel) => terminalReporter(panel, (line) => console.log(`[session ${job.sessionId}] ${line}`)),
  log: (line) => console.log(line),
});
console.log(`orchestrator ${flags.owner} ready: taking jobs from ${flags.nats}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void worker.stop().then(() => nc.drain()).then(() => process.exit(0)));
}
