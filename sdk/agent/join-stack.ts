// The agent's side of onboarding (docs/protocol.md "Agent onboarding"): makes a NATS user nkey
// here, signs the join text with the agent's on-chain signer key and asks the stack's API for a
// user JWT. The seed never leaves this process; the caller writes the credentials (formatCreds).
import { createUser } from "@nats-io/nkeys";
import type { LocalAccount } from "viem";
import { AGENT_JOIN_PATH, agentJoinAnswer, type AgentJoinAnswer, type AgentJoinRequest, joinMessage } from "../protocol/agent-join.ts";
import { deploymentSchema } from "../protocol/deployment.ts";
import { ConcordError, type ErrorCode, errorCodes } from "../protocol/errors.ts";
import type { NatsJwtAuth } from "../protocol/nats-auth.ts";

export interface JoinStackOptions {
  /** The stack's API server (`npm start`'s dApp URL, or `concord devnet`'s onboarding URL). */
  apiUrl: string;
  /** The agent's signer: the key registered on the AgentRegistry for it. */
  account: LocalAccount;
  /** The NATS name the agent runs under. */
  name: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export type JoinStackResult = AgentJoinAnswer & { auth: NatsJwtAuth };

export async function joinStack(options: JoinStackOptions): Promise<JoinStackResult> {
  const fetchFn = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, "");
  // The chain and registry the text names come from the server's own deployment record.
  const deployment = deploymentSchema.parse(await getJson(fetchFn, `${base}/deployment.json`));
  const user = createUser();
  const userKey = user.getPublicKey();
  const issuedAt = Math.floor(Date.now() / 1000);
  const message = joinMessage({ chainId: deployment.chainId, registry: deployment.contracts.AgentRegistry, name: options.name, userKey, issuedAt });
  const request: AgentJoinRequest = { name: options.name, userKey, issuedAt, signature: await options.account.signMessage({ message }) };
  const response = await fetchFn(`${base}${AGENT_JOIN_PATH}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request),
  }).catch((cause: unknown) => {
    throw new ConcordError("API_UNREACHABLE", `cannot reach the stack's API at ${base}: ${(cause as Error).message}`, { cause });
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const code: ErrorCode = error?.code !== undefined && error.code in errorCodes ? (error.code as ErrorCode) : "CONFIG_INVALID";
    throw new ConcordError(code, `the stack refused to onboard ${options.name} (HTTP ${response.status}): ${error?.message ?? "no reason given"}`);
  }
  const answer = agentJoinAnswer.parse(body);
  return { ...answer, auth: { jwt: answer.jwt, seed: new TextDecoder().decode(user.getSeed()) } };
}

async function getJson(fetchFn: typeof fetch, url: string): Promise<unknown> {
  const response = await fetchFn(url).catch((cause: unknown) => {
    throw new ConcordError("API_UNREACHABLE", `cannot reach the stack's API at ${url}: ${(cause as Error).message}`, { cause });
  });
  if (!response.ok) throw new ConcordError("CONFIG_INVALID", `${url} answered HTTP ${response.status}: is this a Concord stack's API?`);
  return response.json();
}
