// The shipped regimes have the property each name claims, measured from the simulated members'
// own samples over the regime's set (no Concord run): the presets model what they say.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { REGIME_NAMES, regimeNamed } from "@concord/bench/quality/regimes.ts";
import { simulatedPanel } from "@concord/bench/quality/simulated-panel.ts";
import { proceduralSet, type BenchTask } from "@concord/bench/quality/task-set.ts";

interface Answer { answer: string; right: boolean }

/** answers[member][task][sample] over a regime's set. */
async function sampleRegime(name: string, samples = 2): Promise<{ tasks: BenchTask[]; answers: Answer[][][]; names: string[] }> {
  const regime = regimeNamed(name);
  const set = proceduralSet(regime.set);
  const { panel } = simulatedPanel(regime, set);
  const answers = await Promise.all(panel.map((agent) => Promise.all(set.tasks.map((task) => Promise.all(
    Array.from({ length: samples }, async (_, sample) => {
      const { solution } = await agent.solve!({ task: task.problem, sample, deadline: Date.now() + 1_000 });
      return { answer: solution, right: solution === task.answer };
    }))))));
  return { tasks: set.tasks, answers, names: panel.map((a) => a.name) };
}

const share = (xs: boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);
const accuracy = (member: Answer[][], keep: (t: number) => boolean = () => true) => share(member.filter((_, t) => keep(t)).map((s) => s[0]!.right));

describe("quality regimes", () => {
  it("ships the five regimes by name", () => {
    assert.deepEqual(REGIME_NAMES, ["mixed", "dominant", "correlated", "trap-majority", "specialists"]);
    assert.throws(() => regimeNamed("nope"), /no regime named nope/);
  });

  it("mixed: members ordered by skill, first samples near it", async () => {
    const { answers } = await sampleRegime("mixed", 1);
    const acc = answers.map((m) => accuracy(m));
    assert.ok(acc[0]! > acc[1]! && acc[1]! > acc[2]!, `accuracies ${acc}`);
    [0.9, 0.75, 0.6].forEach((skill, m) => assert.ok(Math.abs(acc[m]! - skill) < 0.1, `member ${m}: ${acc[m]} against ${skill}`));
  });

  it("dominant: one member at least 25 points above each of the others", async () => {
    const { answers } = await sampleRegime("dominant", 1);
    const [top, ...rest] = answers.map((m) => accuracy(m));
    for (const other of rest) assert.ok(top! >= other + 0.25, `${top} against ${other}`);
  });

  it("correlated: equal members, and a member's second sample is wrong where its first was far more often than another member is", async () => {
    const { answers } = await sampleRegime("correlated");
    const acc = answers.map((m) => accuracy(m));
    assert.ok(Math.max(...acc) - Math.min(...acc) < 0.1, `accuracies ${acc}`);
    const wrongFirst = (m: number) => answers[m]!.flatMap((s, t) => (s[0]!.right ? [] : [t]));
    const self = share(answers.flatMap((_, m) => wrongFirst(m).map((t) => !answers[m]![t]![1]!.right)));
    const other = share(answers.flatMap((_, m) => wrongFirst(m).map((t) => !answers[(m + 1) % answers.length]![t]![0]!.right)));
    const mixed = await sampleRegime("mixed");
    const mixedSelf = share(mixed.answers.flatMap((member) => member.filter((s) => !s[0]!.right).map((s) => !s[1]!.right)));
    assert.ok(self > other + 0.3, `second sample wrong again ${self} against another member wrong ${other}`);
    assert.ok(self > mixedSelf + 0.05, `wrong again ${self} in correlated against ${mixedSelf} in mixed`);
  });

  it("trap-majority: the weak majority gives the same wrong answer on most tasks both get wrong", async () => {
    const { answers } = await sampleRegime("trap-majority", 1);
    const [strong, weakA, weakB] = answers.map((m) => accuracy(m));
    assert.ok(strong! > weakA! + 0.15 && strong! > weakB! + 0.15, `accuracies ${[strong, weakA, weakB]}`);
    const bothWrong = answers[1]!.flatMap((s, t) => (!s[0]!.right && !answers[2]![t]![0]!.right ? [t] : []));
    assert.ok(bothWrong.length >= 30, `${bothWrong.length} tasks both weak members get wrong`);
    const same = share(bothWrong.map((t) => answers[1]![t]![0]!.answer === answers[2]![t]![0]!.answer));
    assert.ok(same > 0.6, `the weak members agree on ${same} of their shared mistakes`);
    // Enough tasks where the two outvote the strong member with the same wrong answer.
    const outvoted = bothWrong.filter((t) => answers[0]![t]![0]!.right && answers[1]![t]![0]!.answer === answers[2]![t]![0]!.answer);
    assert.ok(outvoted.length >= 15, `${outvoted.length} tasks a wrong majority outvotes the strong member`);
  });

  it("specialists: each specialist's accuracy swaps across the two families", async () => {
    const { tasks, answers } = await sampleRegime("specialists", 1);
    const on = (family: string) => (t: number) => tasks[t]!.family === family;
    const [ada, bram, chloe] = answers.map((m) => ({ arith: accuracy(m, on("arith")), seq: accuracy(m, on("seq")) }));
    assert.ok(ada!.arith > ada!.seq + 0.2, `ada ${JSON.stringify(ada)}`);
    assert.ok(bram!.seq > bram!.arith + 0.2, `bram ${JSON.stringify(bram)}`);
    assert.ok(ada!.arith > bram!.arith && bram!.seq > ada!.seq);
    assert.ok(Math.abs(chloe!.arith - chloe!.seq) < 0.15, `chloe ${JSON.stringify(chloe)}`);
  });
});
