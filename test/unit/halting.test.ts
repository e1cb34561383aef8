import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_HALTING, conviction, efficiencyFatigue, evidenceBudget, initialHalting, isPositionTie, marginalUtility, nextHalting,
  type HaltingConfig, type HaltingState,
} from "@concord/agent-sdk/protocol";

const config: HaltingConfig = { minRounds: 1, maxRounds: 8, effort: 0.6 };

function run(convictions: number[], c: HaltingConfig = config): HaltingState {
  let state = initialHalting(c);
  for (const w of convictions) {
    state = nextHalting(state, c, w);
    if (state.stop) break;
  }
  return state;
}

describe("halting", () => {
  it("U starts at p_guess and rises, then fatigue bends it down", () => {
    assert.equal(efficiencyFatigue(0), DEFAULT_HALTING.pGuess);
    assert.ok(marginalUtility(1) > marginalUtility(2) && marginalUtility(2) > 0);
    assert.ok(marginalUtility(9) < 0, "by round 9 the default fatigue outweighs the gain");
  });

  it("B sums the positive marginal utilities: U(r*) − U(0)", () => {
    let rStar = 1;
    while (marginalUtility(rStar + 1) > 0) rStar++;
    assert.ok(Math.abs(evidenceBudget() - (efficiencyFatigue(rStar) - efficiencyFatigue(0))) < 1e-12);
  });

  it("stops early on a unanimous panel (conviction 1): after round 2 with effort 0.6", () => {
    const state = run([1, 1, 1, 1]);
    assert.equal(state.round, 2);
    assert.equal(state.stop, "evidence");
  });

  it("respects minRounds even when the evidence is in", () => {
    const state = run([1, 1, 1, 1], { ...config, minRounds: 3 });
    assert.equal(state.round, 3);
  });

  it("runs a split panel (conviction 0.2) to maxRounds", () => {
    const state = run([0.2, 0.2, 0.2, 0.2], { ...config, maxRounds: 4 });
    assert.equal(state.round, 4);
    assert.equal(state.stop, "max-rounds");
  });

  it("stops for fatigue when no further round is expected to add anything", () => {
    const state = run(Array(10).fill(0.3), { ...config, maxRounds: 10 });
    assert.equal(state.stop, "fatigue");
    assert.ok(marginalUtility(state.round + 1) <= 0);
  });

  it("a higher effort asks for more evidence", () => {
    assert.ok(run([0.9, 0.9, 0.9, 0.9, 0.9], { ...config, effort: 0.9 }).round > run([0.9, 0.9, 0.9, 0.9, 0.9]).round);
  });

  it("negative conviction adds no evidence", () => {
    assert.equal(run([-0.5], { ...config, maxRounds: 3 }).evidence, 0);
  });
});

describe("conviction and ties", () => {
  it("counts equal solutions as one position, so a unanimous panel has conviction 1", () => {
    assert.equal(conviction([140, 140, 140], ["12", " 12", "12 "], 0), 1);
  });
  it("is the winner's share of |score| when positions differ", () => {
    // ada and bram said 12 (11 each), chloe 13 (−114): (11 + 11) / 136.
    assert.equal(conviction([11, 11, -114], ["12", "12", "13"], 0), 22 / 136);
  });
  it("is 0 when nobody scored anything", () => assert.equal(conviction([0, 0], ["a", "b"], 0), 0));
  it("a tie is two different positions sharing the top score", () => {
    assert.ok(isPositionTie([50, 50, 10], ["1", "2", "3"]));
    assert.ok(!isPositionTie([50, 50, 10], ["1", "1", "3"]));
    assert.ok(!isPositionTie([50, 49, 10], ["1", "2", "3"]));
  });
});
