// The chat gateway's settings: who pays, which panels it offers as models, and who may call it.
// It spends the payer's money on every request, so it answers only a caller holding its token.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Wallet } from "../chain/write-contract.ts";
import type { SpendAllowance } from "./spend-allowance.ts";

export type GatewayPanel = {
  /** Offered as model `concord/<name>`. */
  readonly name: string;
  /** The agents' NATS names; the session's panel. */
  readonly agents: readonly string[];
  /** The task family its sessions name, so the agents are weighed by their record in it; none by default. */
  readonly taskFamily?: string;
};

export type ChatGateway = {
  /** The bearer token callers must send (`Authorization: Bearer <token>`). */
  readonly token: string;
  /** Pays each request's bounty and gas: it is the sessions' submitter. */
  readonly payer: Wallet;
  readonly panels: readonly GatewayPanel[];
  /** Each request's bounty, in wei. */
  readonly bounty: bigint;
  readonly minRounds: number;
  readonly maxRounds: number;
  /** How long a request waits for its session to settle before it answers 504. */
  readonly timeoutMs: number;
  /** The most its bounties may spend in a rolling window; without it, no limit. */
  readonly allowance?: SpendAllowance;
};

export const MODEL_PREFIX = "concord/";

export function modelName(panel: GatewayPanel): string {
  return `${MODEL_PREFIX}${panel.name}`;
}

export function panelForModel(gateway: ChatGateway, model: string): GatewayPanel | undefined {
  return gateway.panels.find((p) => modelName(p) === model);
}

/** A fresh random token, for a gateway whose operator set none (printed at start). */
export function newGatewayToken(): string {
  return `concord-${randomBytes(24).toString("base64url")}`;
}

/** Whether an Authorization header carries the gateway's token (compared in constant time). */
export function holdsToken(gateway: ChatGateway, authorization: string | undefined): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(gateway.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
