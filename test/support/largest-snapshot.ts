// The largest snapshot the schemas allow: MAX_AGENTS agents over MAX_ROUNDS rounds, every text at
// its longest in 3-byte UTF-8, every name and number at its widest, every reason long.
import {
  type EvaluateResult, MAX_AGENTS, MAX_ENDORSEMENT, MAX_ID, MAX_PROPOSAL_CHARS, MAX_ROUNDS, MAX_TASK_CHARS, type ProposeResult,
} from "@concord/agent-sdk/protocol";
import type { SessionSnapshot } from "@concord/orchestrator/state/snapshot.ts";

const wide = (chars: number) => "€".repeat(chars); // 3 bytes each in UTF-8
const hex = (bytes: number) => `0x${"ab".repeat(bytes)}` as `0x${string}`;
const agent = (i: number) => `agent-${i}-`.padEnd(64, "x");
const label = (i: number) => `Candidate_A${String.fromCharCode(65 + i)}`;
const SESSION = MAX_ID.toString();
const point = { agreement: 0.123456789012345, confidence: 0.987654321098765, gain: -0.000123456789012345, cost: 0.0123456789012345 };
const usage = { promptTokens: 2 ** 31, completionTokens: 2 ** 31, costUsd: 12345.678901234, latencyMs: 123456789.123456 };
const panel = Array.from({ length: MAX_AGENTS }, (_, i) => i);

export function largestProposal(round: number, i: number): ProposeResult {
  return {
    sessionId: SESSION, round, agent: agent(i), salt: hex(32), proposalHash: hex(32),
    thoughtProcess: wide(MAX_PROPOSAL_CHARS), solution: wide(MAX_PROPOSAL_CHARS), usage,
  };
}

export function largestEvaluation(round: number, i: number): EvaluateResult {
  return {
    sessionId: SESSION, round, agent: agent(i),
    evaluations: panel.slice(1).map((c) => ({
      label: label(c), endorsement: -MAX_ENDORSEMENT, justification: wide(5_000), stance: "neutral" as const,
      claims: Array.from({ length: 20 }, () => ({ claim: wide(500), verdict: "uncertain" as const })), isFinalSolution: false,
    })),
    votes: hex(MAX_AGENTS), signature: hex(65), usage,
  };
}

const absent = panel.slice(2).map((i) => ({ agent: agent(i), reason: `propose: failed: ${wide(2_000)}` }));
const authorOf = panel.map(() => panel.slice(1).map((c) => [label(c), c] as [string, number]));

function round(r: number): SessionSnapshot["rounds"][number] {
  return {
    round: r, proposals: panel.map((i) => largestProposal(r, i)), evaluations: panel.map((i) => largestEvaluation(r, i)),
    present: panel, absent, authorOf, ballots: panel.map(() => panel.map(() => -MAX_ENDORSEMENT)),
    scores: panel.map(() => -1_000_000_000), winnerIndex: MAX_AGENTS - 1, durationMs: 123456789.123456,
    onChain: { scores: panel.map(() => "-99999999999999999999"), winnerIndex: MAX_AGENTS - 1, txHash: hex(32), gasUsed: "99999999999999" },
    halting: point,
  };
}

/** `rounds` completed rounds, and the next one in progress (its phases all done) when `inProgress`. */
export function largestSnapshot(rounds: number, inProgress: boolean): SessionSnapshot {
  const next = rounds + 1;
  if (next > MAX_ROUNDS + (inProgress ? 0 : 1)) throw new Error("more rounds than a session may have");
  return {
    version: 2, sessionId: SESSION, startedAt: Date.now(), task: wide(MAX_TASK_CHARS), agents: panel.map(agent),
    origin: { taskHash: hex(32), submitter: `0x${"ab".repeat(20)}`, deadline: "99999999999999999999", agentIds: panel.map(() => SESSION) },
    rounds: Array.from({ length: rounds }, (_, i) => round(i + 1)),
    halting: { ...point, round: rounds, stop: undefined },
    current: inProgress
      ? {
        round: next, proposals: panel.map((i) => largestProposal(next, i)), absent,
        evaluated: {
          authorOf, members: panel,
          evaluations: panel.map((i) => ({ result: largestEvaluation(next, i), votes: panel.map(() => -MAX_ENDORSEMENT) })),
        },
      }
      : undefined,
    failed: wide(2_000),
  };
}
