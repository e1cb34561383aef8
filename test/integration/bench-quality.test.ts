// `concord-bench quality` end to end against a local OpenAI-compatible server: the panel's agents
// deliberate over real NATS sessions on a devnet and the baselines solve, all through HTTP; the
// report's counts and accuracies must follow from what the server answered.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QualityReport, RegimeReport } from "@concord/bench/quality/run-quality.ts";
import { completion, startChatServer, type ChatServer, type Seen } from "../support/chat-server.ts";

const entry = path.resolve(import.meta.dirname, "../../bench/src/cli.ts");
const TASKS = [
  { id: "t1", problem: "What is 2 + 3?", answer: 5 },
  { id: "t2", problem: "What is 4 × 6?", answer: 24 },
  { id: "t3", problem: "What is 10 − 7?", answer: 3 },
];
const ROUNDS = 2;
const USAGE = { prompt_tokens: 50, completion_tokens: 10 };

/** "good" is always right; "weak" is right on t1 only, answers truth + 1 otherwise, and endorses everything. */
function belief(model: string, problem: string): number {
  const task = TASKS.find((t) => t.problem === problem)!;
  return model === "good" || task.id === "t1" ? task.answer : task.answer + 1;
}

function answer(seen: Seen) {
  const { model, messages } = seen.body as { model: string; messages: { role: string; content: string }[] };
  const system = messages[0]!.content;
  const user = messages[1]!.content;
  const problem = /^Task:\n(.*)$/m.exec(user)![1]!;
  const mine = belief(model, problem);
  if (/propose your solution/.test(system)) return { thoughtProcess: "computed", solution: String(mine) };
  if (/Solve the task on your own/.test(system)) return { solution: `The answer is ${mine}.`, confidence: model === "good" ? 0.9 : 0.6 };
  const candidates = [...user.matchAll(/### (Candidate_[A-Z]+)\n[\s\S]*?Solution:\n(.*)/g)];
  return {
    evaluations: candidates.map(([, label, solution]) => {
      const agrees = model === "weak" || Number(solution) === mine;
      return { label, endorsement: agrees ? 70 : -60, justification: "checked", stance: agrees ? "support" : "oppose", isFinalSolution: agrees };
    }),
  };
}

const phaseOf = (seen: Seen) => {
  const system = seen.body.messages[0].content as string;
  return /propose/.test(system) ? "propose" : /evaluate/.test(system) ? "evaluate" : "solve";
};

describe("concord-bench quality against an OpenAI-compatible server", () => {
  let server: ChatServer;
  let report: RegimeReport;
  let whole: QualityReport;
  let stderr = "";
  let exitCode: number | null;

  before(async () => {
    server = await startChatServer((seen) => completion(JSON.stringify(answer(seen)), USAGE));
    const dir = await mkdtemp(path.join(tmpdir(), "concord-bench-"));
    const setFile = path.join(dir, "tiny.jsonl");
    const jsonFile = path.join(dir, "report.json");
    await writeFile(setFile, TASKS.map((t) => JSON.stringify(t)).join("\n"));
    const child = spawn(process.execPath, [
      entry, "quality", "--set-file", setFile, "--rounds", String(ROUNDS), "--concurrency", "2", "--json", jsonFile,
      // weak first: a tied majority goes to the answer seen first, so the tie-break shows in the score.
      "--endpoint", server.baseUrl, "--model", "weak", "--endpoint", server.baseUrl, "--model", "good",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    exitCode = await new Promise((resolve) => child.once("exit", resolve));
    whole = JSON.parse(await readFile(jsonFile, "utf8"));
    report = whole.regimes[0]!;
  });

  after(() => server?.close());

  it("finishes and prints one headline, for one regime named after the set", () => {
    assert.equal(exitCode, 0, stderr);
    assert.deepEqual(whole.regimes.map((r) => r.regime), ["tiny"]);
    assert.match(stderr, /quality tiny: concord 100\.0% at \d+\.\d calls, best equal-cost baseline self-consistency 100\.0%, best single 100\.0%, ceiling 100\.0%/);
  });

  it("scores every budget Concord reaches from one set of samples, and counts each call the server answered", () => {
    const calls = Object.fromEntries(report.columns.map((c) => [c.name, c.calls]));
    const perRound = 2 * 2;
    const largest = perRound * ROUNDS;
    assert.ok(report.budgets.includes(perRound) && report.budgets.includes(largest), `budgets ${report.budgets}`);
    assert.equal(calls["best single"], 3);
    for (const name of ["self-consistency", "majority", "confidence-weighted", "weighted-history"]) assert.equal(calls[`${name} @${largest}`], 3 * largest, name);
    // A round costs its 2 proposals and each evaluation a model was asked for: none when every
    // candidate repeated the evaluator's answer (the SDK endorses those itself).
    const within = (name: string, rounds: number) => {
      const c = calls[name]!;
      assert.ok(c >= 3 * 2 * rounds && c <= 3 * perRound * rounds, `${name}: ${c} calls for ${rounds} round(s) of 3 tasks`);
    };
    within("concord 1 round", 1);
    within("concord 2 rounds", 2);
    // Adaptive Concord stopped after 1 or 2 rounds per task; its calls follow.
    assert.equal(report.adaptiveRounds.reduce((a, b) => a + b, 0), 3);
    const roundsRun = report.adaptiveRounds.reduce((sum, tasks, r) => sum + tasks * (r + 1), 0);
    const adaptiveCalls = calls["concord adaptive"]!;
    assert.ok(adaptiveCalls >= 2 * roundsRun && adaptiveCalls <= perRound * roundsRun, `adaptive: ${adaptiveCalls} calls over ${roundsRun} rounds`);
    assert.equal(report.headline.budget, Math.ceil(adaptiveCalls / 3));
    const byPhase = (phase: string) => server.seen.filter((s) => phaseOf(s) === phase).length;
    // Every call counted is one the server answered, and the reverse.
    assert.equal(byPhase("propose") + byPhase("evaluate"), calls["concord 2 rounds"]! + adaptiveCalls);
    // Asked once for the largest budget: spread over the panel, then the best member's own.
    assert.equal(byPhase("solve"), 2 * 3 * largest);
    assert.ok(server.seen.every((s) => s.path === "/v1/chat/completions"));
    const tokens = Object.fromEntries(report.columns.map((c) => [c.name, c.tokens]));
    assert.equal(tokens["concord 2 rounds"], calls["concord 2 rounds"]! * 60);
    assert.equal(tokens["best single"], 3 * 60);
  });

  it("scores each column from the server's answers", () => {
    const correct = Object.fromEntries(report.columns.map((c) => [c.name, c.correct]));
    const largest = 2 * 2 * ROUNDS;
    assert.deepEqual(
      [correct["best single"], correct[`self-consistency @${largest}`], correct[`majority @${largest}`], correct[`confidence-weighted @${largest}`]],
      [3, 3, 1, 3],
    );
    // Without ground truth, weak and good agree on t1 and disagree after: equal weights, ties to weak.
    assert.equal(correct[`weighted-history @${largest}`], 1);
    assert.deepEqual([correct["concord 1 round"], correct["concord 2 rounds"], correct["concord adaptive"]], [3, 3, 3]);
    assert.deepEqual(report.panel.map((m) => [m.name, m.firstAccuracy]), [["m1-weak", 1 / 3], ["m2-good", 1]]);
    assert.equal(report.best, "m2-good");
    assert.equal(report.coFailureCeiling, 1);
    assert.deepEqual(report.flips, [{ round: 2, correctToWrong: 0, wrongToCorrect: 0 }]);
    assert.equal(report.failedSessions, 0);
    assert.equal(report.failedSamples, 0);
  });
});
