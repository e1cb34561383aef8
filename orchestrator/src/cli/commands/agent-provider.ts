// Builds the agent a config file describes, on the provider it names.
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { execAgent, openAiCompatibleAgent, simulatedAgent } from "@concord/agent-sdk/providers";
import type { AgentConfig } from "../config/agent-config.ts";
import { UsageError } from "./command.ts";

/** The variables `concord agent` may read its NATS login from (config/endpoints.ts). */
const NATS_LOGIN_ENV = ["CONCORD_NATS_CREDS", "CONCORD_NATS_USER", "CONCORD_NATS_PASSWORD"];

export interface BuiltAgent {
  definition: AgentDefinition;
  /** Releases what the provider holds (an exec agent's process). */
  close(): Promise<void>;
}

export function buildAgent(config: AgentConfig, log: (line: string) => void): BuiltAgent {
  const provider = config.provider;
  switch (provider.kind) {
    case "simulated":
      return { definition: simulatedAgent({ name: config.name, skill: provider.skill, seed: provider.seed }), close: async () => {} };
    case "openai-compatible": {
      let apiKey: string | undefined;
      if (provider.apiKeyEnv) {
        apiKey = process.env[provider.apiKeyEnv];
        if (!apiKey) throw new UsageError(`provider.apiKeyEnv: environment variable ${provider.apiKeyEnv} is not set`, { showUsage: false });
      }
      const definition = openAiCompatibleAgent({ name: config.name, baseUrl: provider.baseUrl, model: provider.model, apiKey });
      return { definition, close: async () => {} };
    }
    case "exec": {
      const agent = execAgent({
        name: config.name,
        modelId: provider.modelId ?? `exec:${provider.command}`,
        command: provider.command,
        args: provider.args,
        // The model's process inherits no key (not the one that signs its ballots, nor the operator's
        // or relayer's) and no NATS login. It runs as the same OS user, though, and could read them
        // from this process's /proc/<pid>/environ: run it as another user to keep them from it.
        withoutEnv: [config.keyEnv, config.operatorKeyEnv, config.relayKeyEnv, ...NATS_LOGIN_ENV].filter((name): name is string => name !== undefined),
        log,
      });
      return { definition: agent, close: () => agent.close() };
    }
  }
}
