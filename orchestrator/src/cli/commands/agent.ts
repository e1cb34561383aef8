// `concord agent --config FILE`: one agent process, on the provider its config names. Registers
// the agent on chain first when the config names an operator key and the signer is new.
import { z } from "zod";
import type { LocalAccount } from "viem";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { readCredsFile, runAgent } from "@concord/agent-sdk/agent";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { registerAgent } from "../../chain/actions/index.ts";
import type { ChainContext } from "../../chain/chain-context.ts";
import type { ChainClients } from "../../chain/clients.ts";
import { agentConfigSchema, type AgentConfig } from "../config/agent-config.ts";
import { connectEvm, endpointHelp, endpointOptions, resolveEndpoints, agentNatsAuth } from "../config/endpoints.ts";
import { parseFlags } from "../config/flags.ts";
import { loadConfigFile } from "../config/config-file.ts";
import { accountFromEnv, keyFromEnv } from "../config/keys.ts";
import { buildAgent } from "./agent-provider.ts";
import { untilSignal, type Command } from "./command.ts";
import { untilOrphaned } from "../until-orphaned.ts";
import { agentJoinCommand } from "./agent-join.ts";

const flagsSchema = z.object({
  config: z.string({ error: "required: the agent's config file" }).min(1),
  creds: z.string().min(1).optional(),
  verbose: z.boolean().optional(),
});

export const agentCommand: Command = {
  name: "agent",
  summary: "run one agent (simulated, OpenAI-compatible or exec) from a config file; `agent join`: get its NATS credentials",
  help: `usage: concord agent --config FILE [--creds FILE] [--verbose] [--record FILE | --nats URL --deployment FILE [--rpc URL]]
       concord agent join --config FILE [--api URL] [--out FILE]   (concord agent join --help)

Runs one agent: it answers propose and evaluate tasks addressed to its name, signs its ballots
with its own key, and heartbeats so submitters can find it. Prints "agent <name> ready" once its
subscription is live.

config (JSON):
  name             NATS name: letters, digits, _ or -
  provider         {"kind": "simulated", "skill": 0.9, "seed"?: "s"}
                   {"kind": "openai-compatible", "baseUrl": "http://127.0.0.1:11434/v1", "model": "qwen3:8b", "apiKeyEnv"?: "VAR"}
                   {"kind": "exec", "command": "python3", "args"?: ["agent.py"], "modelId"?: "my-model"}
  keyEnv           variable holding the agent's 0x signing key
  operatorKeyEnv   optional: variable holding an operator key that registers the signer if it is new
  askModelWhenUnanimous  optional, default false: ask the model to evaluate a round even when every
                   candidate repeats the agent's own answer (by default it endorses them without a call)

options:
  --config FILE        the agent's config, YAML (.yaml/.yml) or JSON
  --creds FILE         NATS credentials from \`concord agent join\` (default: the stack's record's
                       user for this name, if it has one)
  --verbose            print the agent's log lines
${endpointHelp(23)}

example:
  printf 'name: ada\nprovider: {kind: simulated, skill: 0.9}\nkeyEnv: ADA_KEY\noperatorKeyEnv: OP_KEY\n' > ada.yaml
  ADA_KEY=0x… OP_KEY=0x… concord agent --config ada.yaml`,
  options: { ...endpointOptions, config: { type: "string" }, creds: { type: "string" }, verbose: { type: "boolean" } },
  subcommands: [agentJoinCommand],
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const config = await loadConfigFile(flags.config, agentConfigSchema);
    // Signs every message and ballot of every round: the WASM signer.
    const account = fastAccount(keyFromEnv(config.keyEnv, `${flags.config}: keyEnv`));
    const relayAccount = config.relayKeyEnv === undefined ? undefined : accountFromEnv(config.relayKeyEnv, `${flags.config}: relayKeyEnv`);
    const endpoints = await resolveEndpoints(rawFlags, { nats: true });
    const { clients, chain } = await connectEvm(endpoints);
    const log = flags.verbose ? (line: string) => console.error(line) : () => {};
    const built = buildAgent(config, log);
    await ensureRegistered(config, flags.config, clients, chain, account, built.definition.modelId);

    const running = await runAgent(built.definition, {
      natsServers: endpoints.natsUrl,
      natsAuth: flags.creds ? await readCredsFile(flags.creds) : agentNatsAuth(endpoints, config.name),
      account,
      sessions: { chainId: endpoints.deployment.chainId, address: endpoints.deployment.contracts.Sessions },
      log,
      checkSessions: { rpcUrl: endpoints.rpcUrl },
      askModelWhenUnanimous: config.askModelWhenUnanimous,
      relay: relayAccount && {
        rpcUrl: endpoints.rpcUrl, account: relayAccount, fromBlock: BigInt(endpoints.deployment.deployedAtBlock),
        onResult: (sessionId, result) => console.log(`session ${sessionId} round ${result.round}: ${result.status}`),
      },
    });
    const stopped = Promise.race([untilSignal(), untilOrphaned().then(() => "orphaned" as const)]);
    await running.ready;
    console.log(`agent ${config.name} ready (${built.definition.modelId}, signer ${account.address})`);
    const lost = await Promise.race([stopped.then((why) => (why === "orphaned" ? why : undefined)), running.lost]);
    if (lost === "orphaned") {
      // Its tasks go unanswered either way; an orphan would go on holding its name and its slot.
      console.log(`agent ${config.name}: the process that started it is gone; stopping`);
      await running.stop();
      await built.close();
      return 1;
    }
    if (lost) {
      await built.close();
      // Closed for good (refused by the server, or closed on purpose): exit non-zero, saying why.
      throw new ConcordError("NATS_CONNECTION_CLOSED", `the agent's NATS connection was closed for good: ${lost.message}`, { cause: lost });
    }
    await running.stop();
    await built.close();
    return 0;
  },
};

async function ensureRegistered(
  config: AgentConfig, file: string, clients: ChainClients, chain: ChainContext, signer: LocalAccount, modelId: string,
): Promise<void> {
  const registry = chain.deployment.contracts.AgentRegistry;
  const agentId = await chain.publicClient.readContract({ address: registry, abi: agentRegistryAbi, functionName: "agentIdOf", args: [signer.address] });
  if (agentId !== 0n) {
    console.log(`agent ${config.name} is agent #${agentId} on the AgentRegistry`);
    return;
  }
  if (!config.operatorKeyEnv) {
    console.log(`agent ${config.name}: signer ${signer.address} is not registered; sessions cannot include it until an operator registers it (operatorKeyEnv)`);
    return;
  }
  const operator = clients.walletFor(accountFromEnv(config.operatorKeyEnv, `${file}: operatorKeyEnv`));
  const { agentId: id } = await registerAgent(chain, { wallet: operator, signer, modelId });
  console.log(`agent ${config.name} registered as agent #${id} (operator ${operator.account.address})`);
}
