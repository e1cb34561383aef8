// The largest message a phase sends must fit the max_payload Concord runs NATS with: the evaluate
// task of MAX_AGENTS agents, every text at its limit in its widest JSON (escaped control
// characters, six bytes each), every number and name at its widest.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  encodeMessage, evaluateTask, MAX_AGENTS, MAX_ID, MAX_JSON_BYTES_PER_CHAR, MAX_PROPOSAL_CHARS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_VOTE_CREDITS,
  NATS_MAX_PAYLOAD_BYTES,
} from "@concord/agent-sdk/protocol";

/** Room a NATS message needs beyond its body: subject and headers (the signature). */
const ENVELOPE_BYTES = 1_024;
const widest = (chars: number) => "\u0001".repeat(chars);
const hash = `0x${"ab".repeat(32)}` as const;

function largestEvaluateTask(agents: number) {
  const body = { thoughtProcess: widest(MAX_PROPOSAL_CHARS), solution: widest(MAX_PROPOSAL_CHARS), salt: hash, proposalHash: hash };
  return encodeMessage(evaluateTask, {
    sessionId: MAX_ID.toString(), round: MAX_ROUNDS, task: widest(MAX_TASK_CHARS), deadline: Number.MAX_SAFE_INTEGER,
    ownProposal: body,
    // Each its own hash, as a task must have them (the same length as any other).
    candidates: Array.from({ length: agents - 1 }, (_, i) => ({ ...body, proposalHash: `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}`, label: `Candidate_${String.fromCharCode(65 + i)}` })),
    voteCredits: MAX_VOTE_CREDITS,
  });
}

describe("message bounds", () => {
  it("a control character takes the widest JSON a character can", () => {
    assert.equal(encodeMessage(evaluateTask.shape.task, widest(1_000)).length, 1_000 * MAX_JSON_BYTES_PER_CHAR + 2);
  });

  it("the largest evaluate task fits NATS_MAX_PAYLOAD_BYTES with its envelope", () => {
    const bytes = largestEvaluateTask(MAX_AGENTS).length;
    assert.ok(bytes + ENVELOPE_BYTES <= NATS_MAX_PAYLOAD_BYTES, `${bytes} bytes`);
    // NATS's default would not carry it: why the devnet sets max_payload.
    assert.ok(bytes > 1024 * 1024, `${bytes} bytes`);
  });
});
