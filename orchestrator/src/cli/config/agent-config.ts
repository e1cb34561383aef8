// The file `concord agent --config` reads: which agent, backed by which provider, with which keys.
// Keys are named by environment variable, never written in the file.
import { z } from "zod";
import { agentName } from "@concord/agent-sdk/protocol";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name");

const simulated = z.strictObject({
  kind: z.literal("simulated"),
  /** Probability in [0, 1] that a solve is right. */
  skill: z.number().min(0).max(1),
  seed: z.string().optional(),
});

const openAiCompatible = z.strictObject({
  kind: z.literal("openai-compatible"),
  /** Up to and including /v1. */
  baseUrl: z.string().url(),
  model: z.string().min(1),
  /** The variable holding the API key, when the server needs one. */
  apiKeyEnv: envName.optional(),
});

const exec = z.strictObject({
  kind: z.literal("exec"),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  /** Recorded on chain at registration; default `exec:<command>`. */
  modelId: z.string().min(1).max(200).optional(),
});

export const agentConfigSchema = z.strictObject({
  name: agentName,
  provider: z.discriminatedUnion("kind", [simulated, openAiCompatible, exec]),
  /** The variable holding the agent's 0x signing key. */
  keyEnv: envName,
  /** When set, an unregistered signer is registered on the AgentRegistry by this operator key. */
  operatorKeyEnv: envName.optional(),
  /**
   * When set, the agent also relays: it records each round every agent of its sessions signed,
   * paying gas from this key (docs/protocol.md, "Relaying a complete round").
   */
  relayKeyEnv: envName.optional(),
  /**
   * Ask the model to evaluate even a round whose every candidate repeats the agent's own answer
   * (by default the SDK endorses such a round itself, without a model call: docs/protocol.md).
   */
  askModelWhenUnanimous: z.boolean().optional(),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type ProviderConfig = AgentConfig["provider"];
