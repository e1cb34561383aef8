// `concord agent join --config FILE`: onboarding from the agent's machine. Proves control of the
// agent's on-chain signer to the stack's API and writes the NATS credentials it issues (a user
// JWT for an nkey made here, limited to the agent's own subjects) to a .creds file that
// `concord agent --creds` and the SDK's runner (readCredsFile) connect with.
import path from "node:path";
import { z } from "zod";
import { formatCreds, joinStack } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { agentConfigSchema } from "../config/agent-config.ts";
import { loadConfigFile } from "../config/config-file.ts";
import { parseFlags } from "../config/flags.ts";
import { accountFromEnv } from "../config/keys.ts";
import { defaultDevnetRecord, readDevnetRecord, RECORD_ENV } from "../../devnet/devnet-record.ts";
import type { Command } from "./command.ts";
import { writePrivateFile } from "../../files/private-file.ts";

const flagsSchema = z.object({
  config: z.string({ error: "required: the agent's config file" }).min(1),
  api: z.string().url("an http(s) URL").optional(),
  out: z.string().min(1).optional(),
  record: z.string().min(1).optional(),
});

export const agentJoinCommand: Command = {
  name: "join",
  summary: "get NATS credentials for an agent registered on chain, from the stack's API",
  help: `usage: concord agent join --config FILE [--api URL | --record FILE] [--out FILE]

Onboards an agent that is registered on the AgentRegistry onto a running stack, from the agent's
own machine: makes a NATS user key here, signs a join request with the agent's signer key (the
config's keyEnv; it must be the agent's current signer, and the agent not retired) and asks the
stack's API. The answer is a user JWT for that key, allowed only the agent's own subjects (its
tasks, its results, its heartbeat) and valid for a day; the key's seed never leaves this machine.
Writes both to a .creds file (readable by you alone) and prints the agent id, the NATS URL and the
expiry. Retiring the agent or rotating its signer revokes the credentials at once.

options:
  --config FILE   the agent's config (as for \`concord agent\`): its NATS name and keyEnv
  --api URL       the stack's API: \`npm start\`'s dApp URL or \`concord devnet\`'s onboarding URL
                  (default: the apiUrl of the running stack's record)
  --record FILE   the stack's record, for its apiUrl (default $${RECORD_ENV}, else .concord/devnet/devnet.json)
  --out FILE      where to write the credentials (default <name>.creds in this directory)

example:
  ADA_KEY=0x… concord agent join --config ada.yaml --api http://127.0.0.1:5173 --out ada.creds
  ADA_KEY=0x… concord agent --config ada.yaml --creds ada.creds --nats nats://… --deployment deployment.json`,
  options: { config: { type: "string" }, api: { type: "string" }, out: { type: "string" }, record: { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const config = await loadConfigFile(flags.config, agentConfigSchema);
    const account = accountFromEnv(config.keyEnv, `${flags.config}: keyEnv`);
    const apiUrl = flags.api ?? (await readDevnetRecord(flags.record ?? defaultDevnetRecord())).apiUrl;
    if (apiUrl === undefined) {
      throw new ConcordError("ONBOARDING_UNAVAILABLE", "the running stack serves no onboarding API (start it with `npm start` or `concord devnet --agents ...`), or pass --api URL");
    }
    const joined = await joinStack({ apiUrl, account, name: config.name });
    const out = flags.out ?? path.resolve(`${config.name}.creds`);
    await writePrivateFile(out, formatCreds(joined.auth));
    console.log(`agent ${config.name} (#${joined.agentId}, signer ${joined.signer}) joined: NATS ${joined.natsUrl}`);
    console.log(`credentials written to ${out}; valid until ${new Date(joined.expiresAt * 1000).toISOString()}`);
    return 0;
  },
};
