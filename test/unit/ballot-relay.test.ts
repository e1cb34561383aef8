// An agent's opt-in relayers: one per session it signs ballots in, at most MAX_RELAYED_SESSIONS,
// and the one whose session it signed in least recently stops first, so tasks for other sessions
// cannot push out the relayer of a session under way.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ballotRelay, MAX_RELAYED_SESSIONS, type Relayer } from "@concord/agent-sdk/agent";
import type { EvaluateResult, EvaluateTask } from "@concord/agent-sdk/protocol";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

describe("ballotRelay", () => {
  it("keeps the relayers of the sessions signed in most recently", async () => {
    const started: string[] = [];
    const stopped: string[] = [];
    const relay = ballotRelay({ publish() {} } as unknown as NatsConnection, "ada", {
      account: privateKeyToAccount(generatePrivateKey()),
      sessions: { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
      relay: { rpcUrl: "http://127.0.0.1:9", account: privateKeyToAccount(generatePrivateKey()) },
      log: () => {},
      start: async ({ sessionId }) => {
        started.push(String(sessionId));
        return { ready: Promise.resolve(), settled: () => new Promise(() => {}), stop: async () => void stopped.push(String(sessionId)) } satisfies Relayer;
      },
    });
    const sign = (sessionId: number) => {
      const task = {
        sessionId: String(sessionId), round: 1, task: "t", deadline: Date.now() - 1, voteCredits: 100,
        ownProposal: { thoughtProcess: "", solution: "1", salt: hash(1), proposalHash: hash(2) }, candidates: [],
      } satisfies EvaluateTask;
      const result = { sessionId: String(sessionId), round: 1, agent: "ada", evaluations: [], votes: "0x00", signature: `0x${"11".repeat(65)}` } satisfies EvaluateResult;
      relay.signed("evaluate", task, result, [hash(2), hash(3)]);
    };
    for (let id = 1; id <= MAX_RELAYED_SESSIONS; id++) sign(id);
    sign(1); // session 1 is under way again: newest
    sign(MAX_RELAYED_SESSIONS + 1);
    await relay.stop();
    assert.equal(started.length, MAX_RELAYED_SESSIONS + 1, "one relayer per session, none started twice");
    assert.equal(stopped[0], "2", "the least recently signed session's relayer stopped first, not session 1's");
    assert.ok(stopped.includes("1"), "session 1's relayer ran until the agent stopped");
  });
});
