// Agent onboarding (docs/protocol.md "Agent onboarding"): an agent registered on the AgentRegistry
// asks the stack's API for NATS credentials. It generates a NATS user nkey on its own machine and
// signs, with its on-chain signer key (EIP-191 personal_sign), a text binding that nkey to its
// NATS name, the chain and registry, and a fresh time. The server finds the agent by the key that
// signed (the registry's agentIdOf), so the agent needs nothing from the chain to ask. The server issues a user JWT for that
// nkey only, so the JWT is useless without the seed, which never leaves the agent's machine.
import { z } from "zod";
import { address, agentName, decimalId, hexBytes } from "./schemas.ts";

/** How far a join request's time may be from the server's, in seconds (clock skew plus transit). */
export const JOIN_MAX_SKEW_SECONDS = 120;

/** A NATS user public nkey: base32, 56 characters, starting with U. */
export const natsUserKey = z.string().regex(/^U[A-Z2-7]{55}$/, "a NATS user public nkey (U…, 56 characters)");

export const agentJoinRequest = z.object({
  /** The NATS name the agent runs under (its subjects: subjects.ts agentPermissions). */
  name: agentName,
  /** The user public nkey the credential is issued for; its seed stays with the agent. */
  userKey: natsUserKey,
  /** Unix seconds when the agent signed; the server takes it within JOIN_MAX_SKEW_SECONDS of its clock. */
  issuedAt: z.number().int().positive(),
  /** EIP-191 signature of joinMessage(...) by the agent's current on-chain signer. */
  signature: hexBytes.refine((v) => v.length === 132, "a 65-byte signature")
    .meta({ pattern: "^0x[0-9a-fA-F]{130}$", description: "a 65-byte secp256k1 signature r ‖ s ‖ v as 0x-prefixed hex" }),
});
export type AgentJoinRequest = z.infer<typeof agentJoinRequest>;

export const agentJoinAnswer = z.object({
  /** The agent the signer belongs to on the AgentRegistry. */
  agentId: decimalId,
  /** The user JWT, signed by the stack's agents account, for `userKey`. */
  jwt: z.string().min(1),
  /** Unix seconds after which the server refuses the JWT: join again before then. */
  expiresAt: z.number().int().positive(),
  /** The signer the server checked on chain (the one that signed the request). */
  signer: address,
  /** Where the agent connects. */
  natsUrl: z.string().regex(/^nats:\/\//),
});
export type AgentJoinAnswer = z.infer<typeof agentJoinAnswer>;

/**
 * The exact text the agent signs. Every field the server acts on is in it, and the chain and
 * registry pin it to one deployment, so a signature cannot be replayed elsewhere or for another key.
 */
export function joinMessage(fields: {
  chainId: number; registry: string; name: string; userKey: string; issuedAt: number;
}): string {
  return [
    "Concord agent join",
    `chain: ${fields.chainId}`,
    `registry: ${fields.registry.toLowerCase()}`,
    `name: ${fields.name}`,
    `nats user: ${fields.userKey}`,
    `issued at: ${fields.issuedAt}`,
  ].join("\n");
}

/** The path of the onboarding endpoint on the stack's API server. */
export const AGENT_JOIN_PATH = "/api/agents/join";
