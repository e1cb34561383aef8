import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress, keccak256, parseEther, parseUnits, stringToBytes, zeroAddress } from "viem";
import { defaultFields, validateSubmit, type SubmitFields } from "@concord/app/lib/submitForm.ts";
import { ETH, type Currency } from "@concord/app/lib/tokens.ts";
import { DEFAULT_ABSENCE_GRACE, MAX_ABSENCE_GRACE } from "@concord/agent-sdk/protocol";

const orchestrator = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const USDC: Currency = { symbol: "USDC", address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 6, native: false };
const list = [ETH, USDC];
const valid = (over: Partial<SubmitFields> = {}): SubmitFields => ({ ...defaultFields(orchestrator), task: "  What is 2 + 2?  ", agentIds: ["1", "2"], ...over });

describe("app/lib/submitForm", () => {
  it("turns valid fields into createSession parameters (the trimmed task's hash, the chosen currency)", () => {
    const result = validateSubmit(valid(), list);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.params.task, "What is 2 + 2?");
    assert.equal(result.params.taskHash, keccak256(stringToBytes("What is 2 + 2?")));
    assert.equal(result.params.currency.address, zeroAddress);
    assert.equal(result.params.bounty, parseEther("0.1"));
    assert.deepEqual(result.params.agentIds, [1n, 2n]);
    assert.equal(result.params.deadlineSeconds, 3600);
    assert.equal(result.params.orchestrator, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("parses a token bounty in the token's own decimals", () => {
    const result = validateSubmit(valid({ currency: "USDC", bounty: "12.5" }), list);
    assert.ok(result.ok);
    assert.equal(result.ok && result.params.bounty, parseUnits("12.5", 6));
    const tooPrecise = validateSubmit(valid({ currency: "USDC", bounty: "0.0000001" }), list);
    assert.deepEqual(!tooPrecise.ok && tooPrecise.errors, { bounty: "USDC has at most 6 decimals." });
  });

  it("gives one message per invalid field", () => {
    const result = validateSubmit(valid({ task: " ", bounty: "0", minRounds: "4", maxRounds: "3", effort: "1.5", voteCredits: "20000", deadlineMinutes: "0", agentIds: ["1"], orchestrator: "0x12" }), list);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors, {
      task: "Describe the task.",
      bounty: "The bounty must be more than zero.",
      minRounds: "The minimum cannot exceed the maximum rounds.",
      effort: "Enter a number above 0 and at most 1 (e.g. 0.6).",
      voteCredits: "Enter a whole number from 1 to 10000.",
      deadlineMinutes: "Enter a whole number from 1 to 43200.",
      agentIds: "Choose 2 to 10 agents (1 chosen).",
      orchestrator: "Enter the orchestrator's address (0x followed by 40 hex digits).",
    });
  });

  it("refuses more agents than a session takes, counting each agent once", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => String(i + 1));
    const result = validateSubmit(valid({ agentIds: eleven }), list);
    assert.deepEqual(!result.ok && result.errors, { agentIds: "Choose 2 to 10 agents (11 chosen)." });
    assert.equal(validateSubmit(valid({ agentIds: ["1", "1"] }), list).ok, false);
  });

  it("refuses a bounty above the balance, naming the balance", () => {
    const result = validateSubmit(valid({ bounty: "2" }), list, parseEther("1.5"));
    assert.deepEqual(!result.ok && result.errors, { bounty: "That is more than your balance (1.5 ETH)." });
  });

  it("refuses an orchestrator that is the submitter itself, as the contract does (SubmitterIsOrchestrator)", () => {
    const fields = valid();
    const submitter = getAddress(fields.orchestrator);
    const result = validateSubmit(fields, list, undefined, submitter);
    assert.deepEqual(!result.ok && result.errors, {
      orchestrator: "The orchestrator must be another account than yours: a submitter may not run its own session.",
    });
    assert.equal(validateSubmit(fields, list, undefined, "0x000000000000000000000000000000000000dEaD").ok, true);
  });

  it("takes an optional task family name (trimmed), none by default, and refuses one over 100 characters", () => {
    const byDefault = validateSubmit(valid(), list);
    assert.equal(byDefault.ok && byDefault.params.taskFamily, undefined);
    assert.equal(validateSubmit(valid({ taskFamily: "   " }), list).ok && "none", "none");
    const named = validateSubmit(valid({ taskFamily: " arithmetic " }), list);
    assert.equal(named.ok && named.params.taskFamily, "arithmetic");
    const long = validateSubmit(valid({ taskFamily: "x".repeat(101) }), list);
    assert.deepEqual(!long.ok && long.errors, { taskFamily: "Keep the task family's name under 100 characters." });
    assert.equal(validateSubmit(valid({ taskFamily: "x".repeat(100) }), list).ok, true);
  });

  it("takes an absence grace of 0 to MAX_ABSENCE_GRACE seconds, 30 by default", () => {
    const byDefault = validateSubmit(valid(), list);
    assert.equal(byDefault.ok && byDefault.params.absenceGrace, DEFAULT_ABSENCE_GRACE);
    assert.equal(DEFAULT_ABSENCE_GRACE, 30);
    for (const grace of [0, MAX_ABSENCE_GRACE]) {
      const result = validateSubmit(valid({ absenceGrace: ` ${grace} ` }), list);
      assert.equal(result.ok && result.params.absenceGrace, grace);
    }
    for (const bad of [String(MAX_ABSENCE_GRACE + 1), "-1", "1.5", "", "thirty"]) {
      const result = validateSubmit(valid({ absenceGrace: bad }), list);
      assert.deepEqual(!result.ok && result.errors, { absenceGrace: `Enter a whole number from 0 to ${MAX_ABSENCE_GRACE}.` }, bad);
    }
  });

  it("refuses non-numbers and an unknown currency", () => {
    const result = validateSubmit(valid({ bounty: "1e3", maxRounds: "2.5", currency: "DOGE" }), list);
    assert.deepEqual(!result.ok && Object.keys(result.errors).sort(), ["currency", "maxRounds"]);
    const bad = validateSubmit(valid({ bounty: "1e3" }), list);
    assert.deepEqual(!bad.ok && bad.errors, { bounty: "Enter an amount of ETH, e.g. 0.5." });
  });
});
