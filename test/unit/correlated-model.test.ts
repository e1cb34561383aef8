// The simulated panel's error model: accuracy equals skill, errors are correlated as configured,
// and every draw is a function of its key (reproducible in any order).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  attempt, DEFAULT_PANEL_MODEL, judgesCorrect, panelMemberAgent, type PanelModel, probit, trapAnswer,
} from "@concord/agent-sdk/providers";

const TASKS = Array.from({ length: 3000 }, (_, i) => `task ${i}`);
const TRUTH = "100";
const rate = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

describe("correlated panel model", () => {
  it("inverts the normal CDF", () => {
    assert.ok(Math.abs(probit(0.975) - 1.959964) < 1e-5);
    assert.ok(Math.abs(probit(0.01) + 2.326348) < 1e-5);
    assert.equal(probit(0.5), 0);
  });

  it("is right at the member's skill, whatever the correlation", () => {
    for (const correlation of [0, 0.6]) {
      const model = { ...DEFAULT_PANEL_MODEL, correlation, selfCorrelation: 0.2 };
      const right = rate(TASKS.map((t) => attempt(model, t, TRUTH, "ada", 0.7, 0).kind === "correct"));
      assert.ok(Math.abs(right - 0.7) < 0.03, `accuracy ${right} at correlation ${correlation}`);
    }
  });

  it("makes members fail together more often as the correlation grows", () => {
    const bothWrong = (model: PanelModel) =>
      rate(TASKS.map((t) => attempt(model, t, TRUTH, "ada", 0.7, 0).kind !== "correct" && attempt(model, t, TRUTH, "bram", 0.7, 0).kind !== "correct"));
    const independent = bothWrong({ ...DEFAULT_PANEL_MODEL, correlation: 0, selfCorrelation: 0 });
    const correlated = bothWrong({ ...DEFAULT_PANEL_MODEL, correlation: 0.6, selfCorrelation: 0 });
    assert.ok(Math.abs(independent - 0.09) < 0.02, `independent co-failure ${independent}`);
    assert.ok(correlated > independent + 0.05, `correlated co-failure ${correlated} vs ${independent}`);
  });

  it("gives wrong answers that are the shared trap at the trap share, never the truth", () => {
    const model = { ...DEFAULT_PANEL_MODEL, trapShare: 0.5 };
    const wrong = TASKS.flatMap((t) => [0, 1, 2].map((k) => ({ t, a: attempt(model, t, TRUTH, "chloe", 0.5, k) }))).filter((x) => x.a.kind !== "correct");
    assert.ok(wrong.every((x) => x.a.answer !== TRUTH));
    assert.ok(wrong.filter((x) => x.a.kind === "trap").every((x) => x.a.answer === trapAnswer(model, x.t, TRUTH)));
    assert.ok(wrong.filter((x) => x.a.kind === "slip").every((x) => x.a.answer !== trapAnswer(model, x.t, TRUTH)));
    assert.ok(Math.abs(rate(wrong.map((x) => x.a.kind === "trap")) - 0.5) < 0.04);
  });

  it("checks better than it solves", () => {
    const judged = rate(TASKS.map((t) => judgesCorrect(DEFAULT_PANEL_MODEL, t, TRUTH, "ada", 0.6, 1, t.length % 2 ? TRUTH : "99") === (t.length % 2 === 1)));
    assert.ok(Math.abs(judged - 0.8) < 0.03, `check accuracy ${judged}`);
  });

  it("answers a plain solve the same way for the same key, in any order", async () => {
    const member = () => panelMemberAgent({ name: "ada", skill: 0.6, model: DEFAULT_PANEL_MODEL, answerOf: () => TRUTH });
    const a = member();
    const b = member();
    const forward = await Promise.all([0, 1, 2, 3].map((sample) => a.solve!({ task: "t", sample, deadline: 0 })));
    const backward = await Promise.all([3, 2, 1, 0].map((sample) => b.solve!({ task: "t", sample, deadline: 0 })));
    assert.deepEqual(forward.map((x) => [x.solution, x.confidence]), backward.reverse().map((x) => [x.solution, x.confidence]));
    assert.ok(forward.every((x) => x.confidence >= 0 && x.confidence <= 1 && x.usage !== undefined));
  });

  it("declines a task it has no answer for", async () => {
    const member = panelMemberAgent({ name: "ada", skill: 0.6, model: DEFAULT_PANEL_MODEL, answerOf: () => undefined });
    await assert.rejects(member.propose({ sessionId: "1", round: 1, task: "t", deadline: 0 }), /AGENT_SKIPPED/);
  });
});
