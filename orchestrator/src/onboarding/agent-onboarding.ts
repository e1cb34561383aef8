// Agent onboarding: issues NATS credentials to agents registered on chain, while the stack runs,
// and revokes them when the chain says so. A join request (join-check.ts) gets a user JWT for the
// agent's own nkey, limited to its own subjects (agentPermissions) and expiring after `ttlSeconds`.
// Retiring the agent, or rotating its signer, revokes every JWT issued under the old state: the
// agents' account is re-signed with them in its revocations and pushed to the running server,
// which drops their connections and refuses them from then on.
import type { Address } from "viem";
import { type AgentJoinAnswer, type AgentJoinRequest, agentPermissions, ConcordError } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import type { NatsTrust } from "../nats-auth/nats-trust.ts";
import { checkJoinRequest } from "./join-check.ts";
import { watchRegistryChanges, type RegistryChange } from "./registry-watch.ts";

/** A day: long enough to run through many sessions, short enough that a lost key is not forever. */
export const DEFAULT_JOIN_TTL_SECONDS = 24 * 60 * 60;
/** Join requests checked at once; past it a request is refused (JOIN_BUSY) before any check runs. */
export const MAX_JOINS_IN_FLIGHT = 16;
/** A revocation the server could not take is tried again after this, doubling to REVOKE_RETRY_MAX_MS. */
const REVOKE_RETRY_FIRST_MS = 500;
const REVOKE_RETRY_MAX_MS = 30_000;

export interface AgentOnboarding {
  /** Checks the request against the chain and issues the JWT; a ConcordError says why not. */
  join(request: AgentJoinRequest): Promise<AgentJoinAnswer>;
  /** Stops following the registry; resolves once no chain request of its own is in flight. */
  stop(): Promise<void>;
}

interface Grant {
  userKey: string;
  signer: Address;
}

export function startAgentOnboarding(options: {
  trust: NatsTrust;
  /** Applies a re-signed account JWT to the running server (LocalNatsServer.updateAccount). */
  updateAccount: (accountJwt: string) => Promise<void>;
  chain: ChainContext;
  natsUrl: string;
  /** Names the stack's own users hold (its --agents): no joining agent may take them. */
  reservedNames: readonly string[];
  ttlSeconds?: number;
  log?: (line: string) => void;
  /** Waits between tries of a revocation the server refused (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}): AgentOnboarding {
  const log = options.log ?? (() => {});
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let stopped = false;
  let onStop!: () => void;
  const stopping = new Promise<void>((resolve) => (onStop = resolve));
  let joinsInFlight = 0;
  const ttl = options.ttlSeconds ?? DEFAULT_JOIN_TTL_SECONDS;
  const reserved = new Set(options.reservedNames);
  /** By agent id: the NATS name it joined under and every credential issued to it. */
  const joined = new Map<bigint, { name: string; grants: Grant[] }>();
  // Joins and revocations take turns: a change seen on chain is applied after any join that read
  // the chain before it, so no credential escapes a revocation by being recorded late.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => {});
    return result;
  };

  /**
   * Pushes the revocation to the server, trying again (with backoff, until it is taken or the
   * onboarding stops) when the push fails: the grants are already out of `joined`, and a
   * revocation given up would leave a retired agent's or a rotated-away key's JWT valid for the
   * rest of its life. Joins wait meanwhile, as they must: none may be recorded past it.
   */
  const revoke = async (agentId: bigint, grants: Grant[], why: string) => {
    if (grants.length === 0) return;
    for (let wait = REVOKE_RETRY_FIRST_MS; ; wait = Math.min(2 * wait, REVOKE_RETRY_MAX_MS)) {
      try {
        await options.updateAccount(await options.trust.revoke(grants.map((g) => g.userKey)));
        log(`revoked ${grants.length} NATS credential(s) of agent #${agentId}: ${why}`);
        return;
      } catch (error) {
        if (stopped) throw error;
        log(`could not revoke agent #${agentId}'s NATS credentials yet (${(error as Error).message}); trying again in ${wait} ms`);
        await Promise.race([sleep(wait), stopping]); // a stop ends the wait
      }
    }
  };

  const apply = (change: RegistryChange) =>
    inTurn(async () => {
      const entry = joined.get(change.agentId);
      if (!entry) return;
      if (change.retired) {
        joined.delete(change.agentId); // its name is free again
        return revoke(change.agentId, entry.grants, "retired");
      }
      const stale = entry.grants.filter((g) => g.signer.toLowerCase() !== change.signer.toLowerCase());
      entry.grants = entry.grants.filter((g) => !stale.includes(g));
      return revoke(change.agentId, stale, `signer rotated to ${change.signer}`);
    }).catch((error: unknown) => log(`could not revoke agent #${change.agentId}'s NATS credentials: ${(error as Error).message}`));

  const watch = watchRegistryChanges(options.chain, (change) => void apply(change), (error) => log(`AgentRegistry watch: ${error.message}`));

  /** The checks, the grant and its record, in turn with revocations (see inTurn). */
  const grant = (request: AgentJoinRequest) =>
      inTurn(async () => {
        const now = Math.floor(Date.now() / 1000);
        // Checked again in turn: a change applied since the first check must refuse this one.
        const { agentId, signer } = await checkJoinRequest(options.chain, request, now);
        const holder = [...joined].find(([, entry]) => entry.name === request.name)?.[0];
        if (reserved.has(request.name) || (holder !== undefined && holder !== agentId)) {
          throw new ConcordError("AGENT_NAME_TAKEN",
            `the NATS name ${request.name} is held by ${holder === undefined ? "one of the stack's own agents" : `agent #${holder}`}: choose another`);
        }
        const previous = joined.get(agentId);
        if (previous && previous.name !== request.name) {
          throw new ConcordError("AGENT_NAME_TAKEN", `agent #${agentId} joined as ${previous.name}: it keeps that name while it is active`);
        }
        const expiresAt = now + ttl;
        const { jwt } = await options.trust.issueUser(`agent-${request.name}`, {
          permissions: agentPermissions(request.name), userKey: request.userKey, expiresAt,
        });
        const entry = previous ?? { name: request.name, grants: [] };
        entry.grants.push({ userKey: request.userKey, signer });
        joined.set(agentId, entry);
        log(`agent #${agentId} joined NATS as ${request.name} (signer ${signer}, user ${request.userKey}, expires ${new Date(expiresAt * 1000).toISOString()})`);
        return { agentId: agentId.toString(), jwt, expiresAt, signer, natsUrl: options.natsUrl };
      });

  return {
    async join(request) {
      if (joinsInFlight >= MAX_JOINS_IN_FLIGHT) {
        throw new ConcordError("SERVER_BUSY", `already checking ${MAX_JOINS_IN_FLIGHT} join requests: try again in a moment`);
      }
      joinsInFlight += 1;
      try {
        // Checked first outside the turn (freshness, signature, the chain): a request that fails
        // never queues, so a flood of bad ones cannot hold back revocations or honest joins.
        await checkJoinRequest(options.chain, request, Math.floor(Date.now() / 1000));
        return await grant(request);
      } finally {
        joinsInFlight -= 1;
      }
    },
    async stop() {
      stopped = true;
      onStop();
      await watch.stop();
      // A join or revocation under way finishes (or fails) before the servers go.
      await turn;
    },
  };
}
