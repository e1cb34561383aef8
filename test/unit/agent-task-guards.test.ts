// The Agent SDK's guards on what it is asked: the on-chain session check (every refusal, the
// cache, a chain that does not answer), one answer per phase, and failure reasons that name no URL.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToBytes, type Address } from "viem";
import { PhaseAnswers, publicReason, sessionCheck, TaskNotForAgent, type SessionFacts } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";

const me: Address = "0x00000000000000000000000000000000000000aa";
const other: Address = "0x00000000000000000000000000000000000000bb";
const text = "What is 6 × 7?";
const NOW = 1_800_000_000_000;
const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  signers: [other, me.toUpperCase().replace("0X", "0x") as Address], taskHash: keccak256(stringToBytes(text)), open: true,
  deadline: BigInt(NOW / 1_000 + 600), maxRounds: 3, voteCredits: 100, roundsRecorded: 0, ...over,
});
const task = { sessionId: "7", round: 1, task: text, deadline: NOW + 30_000 };
const refusedWith = (code: string, pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof TaskNotForAgent, `a TaskNotForAgent, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.match(error.message, pattern);
  return true;
};

describe("sessionCheck", () => {
  it("passes a task its session asks of this agent, with the session's task hash", async () => {
    const check = sessionCheck(me, async () => facts(), { now: () => NOW });
    assert.equal(await check.check(task), keccak256(stringToBytes(text)));
    assert.equal(await check.check({ ...task, round: 3, voteCredits: 100 }), keccak256(stringToBytes(text)));
  });

  it("refuses each way the chain does not ask the task of this agent", async () => {
    const cases: [Partial<SessionFacts> | undefined, object, string, RegExp][] = [
      [undefined, {}, "SESSION_NOT_FOUND", /session 7 is not on chain/],
      [{ signers: [other] }, {}, "TASK_NOT_FOR_AGENT", /does not name this agent's signer/],
      [{ open: false }, {}, "SESSION_NOT_OPEN", /settled, refunded or past its deadline/],
      [{ deadline: BigInt(NOW / 1_000) }, {}, "SESSION_NOT_OPEN", /past its deadline/],
      [{}, { task: `${text} ` }, "TASK_HASH_MISMATCH", /does not hash to its on-chain task hash/],
      [{}, { round: 4 }, "TASK_NOT_FOR_AGENT", /at most 3 rounds, not round 4/],
      [{}, { voteCredits: 99 }, "TASK_NOT_FOR_AGENT", /gives 100 vote credits, not 99/],
    ];
    for (const [over, taskOver, code, pattern] of cases) {
      const check = sessionCheck(me, async () => (over === undefined ? undefined : facts(over)), { now: () => NOW });
      await assert.rejects(check.check({ ...task, ...taskOver }), refusedWith(code, pattern));
    }
  });

  it("refuses an evaluate task marking more candidates sameOperator than the session has agents of its operator", async () => {
    // Round terms: operator groups in bits 80–119 (4 bits per agent), bit 127 when some operator has two agents.
    const third: Address = "0x00000000000000000000000000000000000000cc";
    const shared = (groups: number[]) => groups.reduce((t, g, i) => t | (BigInt(g) << BigInt(80 + 4 * i)), 1n << 127n);
    const candidates = (marks: boolean[]) => marks.map((m) => (m ? { sameOperator: true as const } : {}));
    // me (index 1) shares an operator with `other` (index 0), not with `third`.
    const check = sessionCheck(me, async () => facts({ signers: [other, me, third], roundTerms: shared([0, 0, 2]) }), { now: () => NOW });
    await check.check({ ...task, candidates: candidates([true, false]) });
    await assert.rejects(check.check({ ...task, candidates: candidates([true, true]) }),
      refusedWith("TASK_NOT_FOR_AGENT", /has 1 other agent\(s\) of this agent's operator, not the 2 candidates marked sameOperator/));
    const alone = sessionCheck(me, async () => facts({ signers: [other, me, third], roundTerms: 0n }), { now: () => NOW });
    await assert.rejects(alone.check({ ...task, candidates: candidates([true, false]) }), refusedWith("TASK_NOT_FOR_AGENT", /has 0 other agent/));
  });

  it("reads a session once; waits out a chain that does not answer until the task's deadline, then fails the phase", async () => {
    let clock = NOW;
    let reads = 0;
    let downFor = 3;
    const waits: number[] = [];
    const check = sessionCheck(me, async () => {
      reads++;
      if (downFor-- > 0) throw new Error("connect ECONNREFUSED");
      return facts();
    }, { now: () => clock, sleep: async (ms) => void waits.push(ms, (clock += ms)) });
    await check.check(task);
    assert.deepEqual(waits.filter((_, i) => i % 2 === 0), [250, 500, 1_000], "backs off, doubling");
    await check.check({ ...task, round: 2 });
    assert.equal(reads, 4, "read once it answered, then kept");

    downFor = Infinity;
    await assert.rejects(check.check({ ...task, sessionId: "8", deadline: clock + 4_000 }), (error: unknown) => {
      assert.ok(error instanceof ConcordError && !(error instanceof TaskNotForAgent), "a chain that does not answer is a failure, not a refusal");
      assert.equal(error.code, "CHAIN_UNREACHABLE");
      assert.match(error.message, /before its deadline: connect ECONNREFUSED/);
      return true;
    });
    downFor = 0;
    await check.check({ ...task, sessionId: "8", deadline: clock + 4_000 }); // asked again: the failure was not kept
  });

  it("keeps its refusal on old facts when the chain does not answer the re-read, and waits at most a minute", async () => {
    let clock = NOW;
    let down = false;
    let reads = 0;
    const check = sessionCheck(me, async () => {
      reads++;
      if (down) throw new Error("connect ECONNREFUSED");
      return facts({ taskHash: keccak256(stringToBytes("another task")) });
    }, { now: () => clock, sleep: async (ms) => void (clock += ms) });
    await assert.rejects(check.check(task), refusedWith("TASK_HASH_MISMATCH", /on-chain task hash/));
    clock += 1_000;
    down = true;
    await assert.rejects(check.check({ ...task, deadline: clock + 3_000 }), refusedWith("TASK_HASH_MISMATCH", /on-chain task hash/), "a refusal, not CHAIN_UNREACHABLE");
    const start = clock;
    await assert.rejects(check.check({ ...task, sessionId: "9", deadline: clock + 3_600_000 }), /CHAIN_UNREACHABLE/);
    assert.ok(clock - start <= 60_000, `gave up after ${clock - start} ms, not at the task's far deadline`);
    assert.ok(reads > 2);
  });

  it("says a session is still unworked only when the chain, read now, holds none of its rounds", async () => {
    let chain: SessionFacts | undefined = facts();
    let down = false;
    const check = sessionCheck(me, async () => {
      if (down) throw new Error("connect ECONNREFUSED");
      return chain;
    }, { now: () => NOW });
    await check.check(task); // facts now cached with no round recorded
    assert.equal(await check.stillUnworked("7"), true);
    chain = facts({ roundsRecorded: 1 });
    assert.equal(await check.stillUnworked("7"), false, "read afresh, not from the cache");
    chain = undefined;
    assert.equal(await check.stillUnworked("7"), false, "no such session");
    down = true;
    assert.equal(await check.stillUnworked("7"), false, "a chain that does not answer: no decline");
  });

  it("reads facts again before refusing on old ones: a fresh chain reuses session ids", async () => {
    let clock = NOW;
    let chain = facts({ taskHash: keccak256(stringToBytes("the old chain's task")) });
    let reads = 0;
    const check = sessionCheck(me, async () => (reads++, chain), { now: () => clock });
    await assert.rejects(check.check(task), refusedWith("TASK_HASH_MISMATCH", /on-chain task hash/));
    chain = facts();
    await assert.rejects(check.check(task), refusedWith("TASK_HASH_MISMATCH", /on-chain task hash/), "facts read just now are not read again");
    clock += 1_000;
    assert.equal(await check.check(task), keccak256(stringToBytes(text)));
    assert.equal(reads, 2);
  });
});

describe("PhaseAnswers", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it("repeats a phase's answer for the same task, and refuses the phase for another task", async () => {
    const answers = new PhaseAnswers();
    let made = 0;
    const make = async () => bytes(`answer ${++made}`);
    const first = await answers.answer("session 1 round 1 evaluate", "task-a", make);
    assert.deepEqual(await answers.answer("session 1 round 1 evaluate", "task-a", make), first);
    await assert.rejects(answers.answer("session 1 round 1 evaluate", "task-b", make), (error: unknown) => {
      assert.ok(error instanceof ConcordError);
      assert.equal(error.code, "PHASE_ALREADY_ANSWERED");
      assert.match(error.message, /answered already, with another task/);
      return true;
    });
    await answers.answer("session 1 round 2 evaluate", "task-b", make);
    assert.equal(made, 2);
  });

  it("forgets a failed answer, so a resend may try again", async () => {
    const answers = new PhaseAnswers();
    await assert.rejects(answers.answer("p", "t", async () => Promise.reject(new Error("model down"))), /model down/);
    assert.deepEqual(await answers.answer("p", "t", async () => bytes("ok")), bytes("ok"));
  });

  it("forgets a failed answer even when its bytes were dropped while it was being made", async () => {
    const answers = new PhaseAnswers();
    let fail!: (error: Error) => void;
    const pending = answers.answer("slow", "t", () => new Promise<Uint8Array>((_, reject) => (fail = reject)));
    for (let i = 0; i < 300; i++) await answers.answer(`phase ${i}`, "t", async () => bytes(String(i)));
    assert.ok(answers.answered("slow"), "answered while being made");
    fail(new Error("model down"));
    await assert.rejects(pending, /model down/);
    assert.ok(!answers.answered("slow"), "nothing was sent: the phase may be answered again");
    assert.deepEqual(await answers.answer("slow", "t", async () => bytes("ok")), bytes("ok"));
  });

  it("still refuses a phase whose answer's bytes were dropped, long after, rather than answer it twice", async () => {
    const answers = new PhaseAnswers();
    await answers.answer("old", "t", async () => bytes("first"));
    for (let i = 0; i < 300; i++) await answers.answer(`phase ${i}`, "t", async () => bytes(String(i)));
    await assert.rejects(answers.answer("old", "t", async () => bytes("second")), /answered already, its answer is no longer kept/);
  });
});

describe("publicReason", () => {
  it("replaces every URL, credentials and query included, and keeps the rest", () => {
    const reason = "PROVIDER_UNAVAILABLE: cannot reach https://user:secret@llm.internal:8443/v1/chat/completions?key=abc: ECONNREFUSED (or http://10.0.0.2/v1)";
    assert.equal(publicReason(reason), "PROVIDER_UNAVAILABLE: cannot reach <provider URL>: ECONNREFUSED (or <provider URL>)");
  });

  it("replaces the peer address and the looked-up host of Node's network errors", () => {
    assert.equal(publicReason("ECONNREFUSED connect ECONNREFUSED 10.1.2.3:8443"), "ECONNREFUSED connect ECONNREFUSED <address>");
    assert.equal(publicReason("connect ECONNREFUSED [::1]:11434"), "connect ECONNREFUSED <address>");
    assert.equal(publicReason("getaddrinfo ENOTFOUND llm.internal.example"), "getaddrinfo ENOTFOUND <host>");
    assert.equal(publicReason("connect ECONNREFUSED ::1:11434"), "connect ECONNREFUSED <host>");
    assert.equal(publicReason("Hostname/IP does not match certificate's altnames: Host: llm.internal. is not in the cert's altnames: DNS:other.example"),
      "Hostname/IP does not match certificate's altnames: Host: <host> is not in the cert's altnames: DNS: <host>");
    assert.equal(publicReason("model llama3.1:8b answered 503 after 2 attempts"), "model llama3.1:8b answered 503 after 2 attempts");
  });
});
