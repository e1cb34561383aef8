// Round builders shared by the recordRound tests.
import assert from "node:assert/strict";
import type { Hex } from "viem";
import { encodeBallotVotes, parseRoundRecordedLogs, sortedProposalOrder, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { buildRound, roundArgs, roundHashes, signBallot, type SessionFixture, recordCall } from "./contract-fixtures.ts";

// endorsements[e][p]: evaluator e's endorsement of agent p's proposal (diagonal ignored).
export const ROUND_1 = [
  [0, 80, 20],
  [50, 0, 50],
  [10, 90, 0],
];
export const ROUND_2 = [
  [0, -30, 70],
  [60, 0, 40],
  [-20, 100, 0],
];

/** Records a built round as `account` (the orchestrator by default) and returns the RoundRecorded args, outcome unpacked. */
export async function record(f: SessionFixture, round: number, endorsements: number[][], hashes = roundHashes(round), account = f.orchestrator.account) {
  const built = await buildRound(f, f.sessionId, round, hashes, endorsements);
  const hash = await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, round, built), { account }));
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseRoundRecordedLogs({ logs: receipt.logs });
  assert.ok(event, "RoundRecorded was not emitted");
  return { built, event: { ...event, ...unpackRoundOutcome(event.outcome, f.agentIds.length) } };
}

/** A signed round 1 in which agent `agent`'s ballot is replaced by `sortedVotes` (packed order), re-signed. */
export async function roundWithBallot(f: SessionFixture, agent: number, sortedVotes: number[], hashes = roundHashes(1)) {
  const built = await buildRound(f, f.sessionId, 1, hashes, ROUND_1);
  built.ballots[agent] = encodeBallotVotes(sortedVotes);
  built.signatures[agent] = await signBallot(f, f.signers[agent]!, f.sessionId, 1, hashes[agent]!, hashes, built.ballots[agent]!);
  return built;
}

/** A packed-order vote list from votes keyed by agent index (missing agents get 0). */
export function sortedVotesFor(hashes: Hex[], votesByAgent: Record<number, number>): number[] {
  return sortedProposalOrder(hashes).map((agentIndex) => votesByAgent[agentIndex] ?? 0);
}
