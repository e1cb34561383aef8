// The last round's record with the settlement: both in one transaction when the chain takes it;
// otherwise the record alone, the settlement left to the session's usual path.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SessionSettledEvent } from "@concord/agent-sdk/protocol";
import { recordWithSettlement, type FinalRecordActions } from "@concord/orchestrator/rounds/record-with-settlement.ts";
import type { SessionPlan } from "@concord/orchestrator/rounds/types.ts";
import type { TalliedRound } from "@concord/orchestrator/state/round-outcome.ts";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;
const plan = {
  sessionId: 9n, roundTerms: 0n,
  panel: [0, 1, 2].map((i) => ({ name: `a${i}`, agentId: BigInt(i + 1), signer: `0x${String(i + 1).repeat(40)}` })),
} as unknown as SessionPlan;
const round = {
  round: 2, present: [0, 1, 2],
  proposals: [0, 1, 2].map((i) => ({ proposalHash: hash(i + 1) })),
  evaluations: [0, 1, 2].map((i) => ({ votes: [0, 1, 2].filter((j) => j !== i).map(() => 5), signature: hash(100 + i) })),
} as unknown as TalliedRound;
const deps = { chain: {} as never, orchestrator: {} as never };
const record = { scores: [10n, 10n, 10n], winnerIndex: 1, txHash: hash(7) } as unknown as Awaited<ReturnType<FinalRecordActions["recordRoundOnce"]>>;
const event = { sessionId: 9n, txHash: hash(7) } as unknown as SessionSettledEvent;

describe("recordWithSettlement", () => {
  it("sends the record and the settlement together, and hands the settlement over", async () => {
    const heard: SessionSettledEvent[] = [];
    const sent: bigint[] = [];
    const actions: FinalRecordActions = {
      recordAndSettle: async (_chain, parameters) => {
        sent.push(BigInt(parameters.round));
        // Every present agent's signed ballot goes with its proposal hash, in panel order.
        assert.deepEqual(parameters.attestations.map((a) => [a.agentIndex, a.proposalHash]), [[0, hash(1)], [1, hash(2)], [2, hash(3)]]);
        return { record, settled: event };
      },
      recordRoundOnce: async () => assert.fail("the record alone is not sent when both landed"),
    };
    assert.equal(await recordWithSettlement(deps, plan, (e) => heard.push(e), actions)(round), record);
    assert.deepEqual(sent, [2n]);
    assert.deepEqual(heard, [event]);
  });

  it("records alone when the chain refuses both together, and leaves settlement to the session", async () => {
    const heard: SessionSettledEvent[] = [];
    const alone: number[] = [];
    const logged: string[] = [];
    const actions: FinalRecordActions = {
      recordAndSettle: async () => {
        throw new Error("settle failed: SessionNotActive");
      },
      recordRoundOnce: async (_chain, parameters) => {
        alone.push(parameters.round);
        return record;
      },
    };
    const sender = recordWithSettlement({ ...deps, log: (line) => logged.push(line) }, plan, (e) => heard.push(e), actions);
    assert.equal(await sender(round), record);
    assert.deepEqual(alone, [2]);
    assert.deepEqual(heard, []);
    assert.match(logged[0]!, /round 2's record and settlement together failed \(settle failed: SessionNotActive\); recording alone/);
  });

  it("fails the record when the record alone fails too", async () => {
    const actions: FinalRecordActions = {
      recordAndSettle: async () => {
        throw new Error("node down");
      },
      recordRoundOnce: async () => {
        throw new Error("still down");
      },
    };
    await assert.rejects(recordWithSettlement(deps, plan, () => assert.fail("no settlement"), actions)(round), /still down/);
  });
});
