// Agent onboarding's queue, with the chain and the NATS trust faked: a revocation the server
// refuses is tried again until it is taken (never given up with the grants already dropped); a
// flood of join requests is bounded, and a bad one is refused without queueing behind a revocation.
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Address, PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ConcordError, joinMessage, type AgentJoinRequest, type Deployment } from "@concord/agent-sdk/protocol";
import { MAX_JOINS_IN_FLIGHT, startAgentOnboarding, type AgentOnboarding } from "@concord/orchestrator/onboarding/agent-onboarding.ts";
import type { NatsTrust } from "@concord/orchestrator/nats-auth/nats-trust.ts";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const deployment = { chainId: 31337, contracts: { AgentRegistry: REGISTRY, Sessions: REGISTRY } } as unknown as Deployment;
const agentKey = privateKeyToAccount(generatePrivateKey());
const userKey = `U${"A".repeat(55)}`;

async function joinRequest(signer = agentKey, name = "dora"): Promise<AgentJoinRequest> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const signature = await signer.signMessage({ message: joinMessage({ chainId: 31337, registry: REGISTRY, name, userKey, issuedAt }) });
  return { name, userKey, issuedAt, signature };
}

/** A chain with one agent (#1, agentKey), whose registry logs the test hands out, and reads it may hold. */
function fakeChain() {
  const logs: unknown[] = [];
  let hold: Promise<void> | undefined;
  const publicClient = {
    pollingInterval: 10,
    getBlockNumber: async () => 1n + BigInt(logs.length),
    getContractEvents: async () => logs.splice(0),
    readContract: async ({ functionName, args }: { functionName: string; args: readonly unknown[] }) => {
      await hold;
      if (functionName === "agentIdOf") return (args[0] as string).toLowerCase() === agentKey.address.toLowerCase() ? 1n : 0n;
      if (functionName === "getAgent") return { retired: false, signer: agentKey.address };
      throw new Error(`unexpected read ${functionName}`);
    },
  } as unknown as PublicClient;
  return {
    chain: { publicClient, deployment },
    retire: () => logs.push({ eventName: "AgentRetiredByOperator", args: { agentId: 1n } }),
    holdReads: (until: Promise<void>) => void (hold = until),
  };
}

const fakeTrust = { issueUser: async () => ({ jwt: "user-jwt", userKey }), revoke: async () => "account-jwt" } as unknown as NatsTrust;
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("agent onboarding's queue", () => {
  let onboarding: AgentOnboarding | undefined;
  afterEach(async () => {
    await onboarding?.stop();
    onboarding = undefined;
  });

  it("tries a refused revocation again until the server takes it", async () => {
    const { chain, retire } = fakeChain();
    const taken = deferred();
    let pushes = 0;
    const lines: string[] = [];
    onboarding = startAgentOnboarding({
      trust: fakeTrust, chain, natsUrl: "nats://x", reservedNames: [], sleep: async () => {},
      log: (line) => {
        lines.push(line);
        if (line.startsWith("revoked ")) taken.resolve();
      },
      updateAccount: async () => {
        pushes += 1;
        if (pushes < 3) throw new Error("the system connection is down");
      },
    });
    assert.equal((await onboarding.join(await joinRequest())).jwt, "user-jwt");
    retire();
    await taken.promise;
    assert.equal(pushes, 3);
    assert.equal(lines.filter((l) => l.includes("could not revoke agent #1's NATS credentials yet")).length, 2);
    assert.ok(lines.some((l) => l.startsWith("revoked 1 NATS credential(s) of agent #1: retired")), lines.join("\n"));
  });

  it("refuses a bad join request without waiting behind a revocation under way", async () => {
    const { chain, retire } = fakeChain();
    const pushed = deferred();
    const release = deferred();
    onboarding = startAgentOnboarding({
      trust: fakeTrust, chain, natsUrl: "nats://x", reservedNames: [],
      updateAccount: async () => {
        pushed.resolve();
        await release.promise; // the revocation holds the queue
      },
    });
    await onboarding.join(await joinRequest());
    retire();
    await pushed.promise;
    // Signed by a key no agent holds: refused by its first check, outside the queue.
    await assert.rejects(onboarding.join(await joinRequest(privateKeyToAccount(generatePrivateKey()))),
      (e: unknown) => e instanceof ConcordError && e.code === "AGENT_NOT_REGISTERED");
    release.resolve();
  });

  it("checks at most MAX_JOINS_IN_FLIGHT join requests at once, and refuses the next SERVER_BUSY", async () => {
    const { chain, holdReads } = fakeChain();
    const reads = deferred();
    holdReads(reads.promise);
    onboarding = startAgentOnboarding({ trust: fakeTrust, chain, natsUrl: "nats://x", reservedNames: [], updateAccount: async () => {} });
    const request = await joinRequest();
    const held = Array.from({ length: MAX_JOINS_IN_FLIGHT }, () => onboarding!.join(request));
    await assert.rejects(onboarding.join(request), (e: unknown) => e instanceof ConcordError && e.code === "SERVER_BUSY");
    reads.resolve();
    for (const answer of await Promise.all(held)) assert.equal(answer.jwt, "user-jwt");
    assert.equal((await onboarding.join(request)).jwt, "user-jwt", "the slots came back");
  });
});
