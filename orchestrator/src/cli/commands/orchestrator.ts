// `concord orchestrator`: a long-running orchestrator, in this process. It takes session jobs from
// the shared work queue (several may run side by side) and resumes sessions whose owner died. The
// signing key comes from an environment variable so it never shows in a process list.
import { hostname } from "node:os";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { closeConnection } from "@concord/agent-sdk/agent";
import { z } from "zod";
import { ConcordError, NATS_MAX_PAYLOAD_BYTES, RPC_OUTAGE_MAX_MS } from "@concord/agent-sdk/protocol";
import { ROLES } from "../../devnet/local-stack.ts";
import { startJobWorker } from "../../jobs/job-worker.ts";
import { ensureStreams } from "../../nats/streams.ts";
import { connectEvm, connectNats, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { intFlag, parseFlags } from "../config/flags.ts";
import { accountFromEnv, devnetKey } from "../config/keys.ts";
import { terminalReporter } from "../terminal-reporter.ts";
import { untilOrphaned } from "../until-orphaned.ts";
import { untilSignal, type Command } from "./command.ts";
import { orchestratorTreasuryProblem } from "../../chain/treasury-guard.ts";

const KEY_ENV = "CONCORD_ORCHESTRATOR_KEY";

const flagsSchema = z.object({
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").default(KEY_ENV),
  owner: z.string().min(1).default(`${hostname()}-${process.pid}`),
  "lock-ttl-ms": intFlag(500, 86_400_000).default(15_000),
  "ack-wait-ms": intFlag(500, 86_400_000).default(30_000),
  concurrency: intFlag(1, 256).default(4),
  replicas: intFlag(1, 5).default(1),
});

export const orchestratorCommand: Command = {
  name: "orchestrator",
  summary: "take session jobs from the queue and run them to settlement",
  help: `usage: concord orchestrator [--key-env VAR] [--owner NAME] [--lock-ttl-ms N] [--ack-wait-ms N] [--concurrency N]
                            [--replicas N]
                            [--record FILE | --nats URL --deployment FILE [--rpc URL]]

Takes session jobs from the shared work queue, runs their rounds over NATS, records each round's
signed ballots on chain and settles. Several orchestrators may run side by side; one that dies
mid-session is replaced by another that resumes from the last completed phase. Prints
"orchestrator <owner> ready: taking jobs from <url>" once it takes jobs; Ctrl-C stops it. It
also stops when the process that started it is gone (a killed \`npm run\` wrapper), so it never
runs on as an orphan; run it under a supervisor rather than nohup.

options:
  --key-env VAR        variable holding the orchestrator's 0x key (default ${KEY_ENV};
                       on the devnet, when unset, devnet account ${ROLES.orchestrator})
  --owner NAME         this orchestrator's name in session locks (default host-pid)
  --lock-ttl-ms N      a dead owner's sessions are free after this long (default 15000)
  --ack-wait-ms N      job redelivery without progress signals (default 30000)
  --concurrency N      sessions run at once (default 4)
  --replicas N         copies of each stream and bucket it creates, on a JetStream
                       cluster of at least N servers (default 1)
${endpointHelp(23)}

example:
  concord orchestrator --owner orch-1`,
  options: {
    ...endpointOptions,
    "key-env": { type: "string" },
    owner: { type: "string" },
    "lock-ttl-ms": { type: "string" },
    "ack-wait-ms": { type: "string" },
    concurrency: { type: "string" },
    replicas: { type: "string" },
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const endpoints = await resolveEndpoints(rawFlags, { nats: true });
    const keyEnv = flags["key-env"];
    // A --key-env given is a key asked for: unset, it is an error, never the devnet's account.
    const account = rawFlags["key-env"] !== undefined || process.env[keyEnv] || !endpoints.onDevnet
      ? accountFromEnv(keyEnv, "orchestrator key")
      : fastAccount(devnetKey(ROLES.orchestrator));
    // A long-running service: an RPC node that is down or stalled is waited out, with a line each try.
    const { clients, chain } = await connectEvm(endpoints, {
      outageMs: RPC_OUTAGE_MAX_MS,
      onRetry: (method, error, waitMs) => console.log(`JSON-RPC ${method} failed (${error.message.split("\n")[0]}); retrying in ${waitMs} ms`),
    });
    // The treasury is paid for every agent an orchestrator leaves out of a round: it may not be one.
    const asTreasury = await orchestratorTreasuryProblem(chain, account.address);
    if (asTreasury) throw asTreasury;
    // The orchestrator publishes tasks, reads results and owns the streams: the admin user.
    const nc = await connectNats(endpoints, `concord-orchestrator-${flags.owner}`, "admin");
    await ensureStreams(nc, { jobAckWaitMs: flags["ack-wait-ms"], replicas: flags.replicas });
    const maxPayload = nc.info?.max_payload ?? 0;
    if (maxPayload < NATS_MAX_PAYLOAD_BYTES) {
      console.log(
        `warning: ${endpoints.natsUrl} takes messages of at most ${maxPayload} bytes; a session whose texts are near their limits ` +
        `needs ${NATS_MAX_PAYLOAD_BYTES} (set max_payload: ${NATS_MAX_PAYLOAD_BYTES} in the server's config; a larger task fails its session with NATS's reason)`,
      );
    }
    const stopped = Promise.race([untilSignal(), untilOrphaned().then(() => "orphaned" as const)]);
    const worker = await startJobWorker({
      nc,
      chain,
      orchestrator: clients.walletFor(account),
      owner: flags.owner,
      lockTtlMs: flags["lock-ttl-ms"],
      jobAckWaitMs: flags["ack-wait-ms"],
      concurrency: flags.concurrency,
      replicas: flags.replicas,
      reporterFor: (job, panel) => terminalReporter(panel, (line) => console.log(`[session ${job.sessionId}] ${line}`)),
      log: (line) => console.log(line),
    });
    console.log(`orchestrator ${flags.owner} ready: taking jobs from ${endpoints.natsUrl}`);
    const lost = await Promise.race([stopped.then((why) => (why === "orphaned" ? why : undefined)), worker.lost]);
    if (lost === "orphaned") {
      // No waiting for running sessions: their locks lapse and another orchestrator resumes them.
      console.log(`orchestrator ${flags.owner}: the process that started it is gone; stopping`);
      return 1;
    }
    if (lost) {
      // Closed for good, not an outage: no job can be taken or finished. Exit non-zero, saying why;
      // the sessions it owned are resumed by another orchestrator once their locks expire.
      throw new ConcordError("NATS_CONNECTION_CLOSED", `the orchestrator's NATS connection was closed for good: ${lost.message}`, { cause: lost });
    }
    await worker.stop();
    await closeConnection(nc);
    return 0;
  },
};
