// `concord orchestrator`: runs ../orchestrator.ts (the standalone worker on the job queue) with
// the devnet record as its default endpoints, so there is one implementation of the worker.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { ROLES } from "../../devnet/local-stack.ts";
import { endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { parseFlags } from "../config/flags.ts";
import { devnetKey, keyFromEnv } from "../config/keys.ts";
import type { Command } from "./command.ts";

const entry = path.resolve(import.meta.dirname, "../orchestrator.ts");
const KEY_ENV = "CONCORD_ORCHESTRATOR_KEY";

const flagsSchema = z.object({
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
  owner: z.string().min(1).optional(),
  "lock-ttl-ms": z.string().optional(),
  "ack-wait-ms": z.string().optional(),
  concurrency: z.string().optional(),
});

export const orchestratorCommand: Command = {
  name: "orchestrator",
  summary: "take session jobs from the queue and run them to settlement",
  help: `usage: concord orchestrator [--key-env VAR] [--owner NAME] [--lock-ttl-ms N] [--ack-wait-ms N] [--concurrency N]
                            [--record FILE | --nats URL --deployment FILE [--rpc URL]]

Takes session jobs from the shared work queue, runs their rounds over NATS, records each round's
signed ballots on chain and settles. Several orchestrators may run side by side; one that dies
mid-session is replaced by another that resumes from the last completed phase.

options:
  --key-env VAR        variable holding the orchestrator's 0x key (default ${KEY_ENV};
                       on the devnet, when unset, devnet account ${ROLES.orchestrator})
  --owner NAME         this orchestrator's name in session locks (default host-pid)
  --lock-ttl-ms N      a dead owner's sessions are free after this long (default 15000)
  --ack-wait-ms N      job redelivery without progress signals (default 30000)
  --concurrency N      sessions run at once (default 4)
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
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const endpoints = await resolveEndpoints(rawFlags, { nats: true });
    const keyEnv = flags["key-env"] ?? KEY_ENV;
    const key = process.env[keyEnv] || !endpoints.onDevnet ? keyFromEnv(keyEnv, "orchestrator key") : devnetKey(ROLES.orchestrator);

    // orchestrator.ts reads a deployment file; hand it the resolved one (with any --rpc override).
    const dir = await mkdtemp(path.join(tmpdir(), "concord-orchestrator-"));
    const deploymentFile = path.join(dir, "deployment.json");
    await writeFile(deploymentFile, JSON.stringify(endpoints.deployment));
    const passed = (["owner", "lock-ttl-ms", "ack-wait-ms", "concurrency"] as const).flatMap((name) =>
      flags[name] === undefined ? [] : [`--${name}`, flags[name]],
    );
    const child = spawn(process.execPath, [entry, "--nats", endpoints.natsUrl, "--deployment", deploymentFile, ...passed], {
      stdio: "inherit",
      // Its own process group: Ctrl-C reaches it once, through us, not twice.
      detached: true,
      env: {
        ...process.env,
        CONCORD_ORCHESTRATOR_KEY: key,
        ...(endpoints.natsUsers && { CONCORD_NATS_USER: endpoints.natsUsers.admin.user, CONCORD_NATS_PASSWORD: endpoints.natsUsers.admin.pass }),
      },
    });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    const code = await new Promise<number>((resolve) =>
      child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1))),
    );
    await rm(dir, { recursive: true, force: true });
    return code;
  },
};
