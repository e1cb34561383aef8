import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  agreement, confidence, DEFAULT_HALTING, expectedGain, haltReasonText, haltingNumbersText, initialHalting, movable, nextHalting, outcomeOf,
  outcomeText, reliabilityOfWeight, roundCost, type HaltingConfig, type HaltingState, type RoundStanding,
} from "@concord/agent-sdk/protocol";
import { seededRandom } from "@concord/agent-sdk/providers";

const config: HaltingConfig = { minRounds: 1, maxRounds: 8, effort: 0.6 };

/** A round where agent i proposes solutions[i]; the winner is the first holder of the top score. */
function standing(solutions: string[], scores?: number[], reliabilities?: number[]): RoundStanding {
  const s = scores ?? solutions.map((x) => solutions.filter((y) => y === x).length);
  return { solutions, scores: s, winner: s.indexOf(Math.max(...s)), reliabilities };
}

/** Runs rounds (each a list of every panel agent's solution) until a rule stops. */
function run(rounds: string[][], c: HaltingConfig = config): HaltingState {
  let state = initialHalting(c);
  for (const solutions of rounds) {
    state = nextHalting(state, c, standing(solutions));
    if (state.stop) break;
  }
  return state;
}

describe("halting: confidence and the expected gain of another round", () => {
  it("is more confident the more agents agree, and a unanimous panel expects nothing from another round", () => {
    const three = confidence(standing(["12", "12", "12"]));
    const two = confidence(standing(["12", "12", "13"]));
    const one = confidence(standing(["12", "13", "14"]));
    assert.ok(three > two && two > one, `${three} > ${two} > ${one}`);
    assert.equal(expectedGain(standing(["12", "12", "12"])), 0);
    assert.equal(agreement(standing([" 12", "12 ", "12"])), 1, "equal solutions after trimming are one position");
  });

  it("pins the 2-against-1 split of three agents at the defaults", () => {
    // Each holder weighs ln(0.7/0.3)/(1 + 2·0.3); P(winner) = e^{2w}/(e^{2w} + e^{w} + 1).
    const w = Math.log(0.7 / 0.3) / 1.6;
    const c = Math.exp(2 * w) / (Math.exp(2 * w) + Math.exp(w) + 1);
    const s = standing(["12", "12", "13"]);
    assert.ok(Math.abs(confidence(s) - c) < 1e-12);
    assert.ok(Math.abs(expectedGain(s) - (1 / 3) * ((1 - c) * 0.5 - c * 0.05)) < 1e-12);
    assert.ok(expectedGain(s) > roundCost(DEFAULT_EFFORT_FOR_TEST), "a 2–1 split is worth another round at the default effort");
  });

  it("gives the table of docs/protocol.md", () => {
    const rows: [string, number, number, number][] = [
      ["7 7 7", 1, 0.83, 0], ["7 7 8", 0.67, 0.52, 0.072], ["7 8 9", 0.33, 0.28, 0.231],
      ["7 7 7 7 8", 0.8, 0.65, 0.028], ["7 7 7 7 7 7 7 8", 0.875, 0.75, 0.011],
    ];
    for (const [answers, a, c, g] of rows) {
      const s = standing(answers.split(" "));
      assert.equal(Number(agreement(s).toFixed(answers.length > 9 ? 3 : 2)), a, answers);
      assert.equal(Number(confidence(s).toFixed(2)), c, answers);
      assert.equal(Number(expectedGain(s).toFixed(3)), g, answers);
    }
    assert.ok(expectedGain(standing("7 7 7 7 7 7 7 8".split(" "))) <= roundCost(0.6), "eight agents, one dissenting: confident");
  });

  it("weighs a reliable minority above an unreliable majority", () => {
    const s = standing(["12", "13", "13"], [10, 0, 0], [0.95, 0.55, 0.55]);
    assert.equal(s.winner, 0);
    assert.ok(confidence(s) > 0.5, `${confidence(s)}`);
    const trusted = standing(["12", "13", "13"], [0, 10, 10], [0.95, 0.55, 0.55]);
    assert.ok(confidence(trusted) < confidence(s), "the same split with the weak pair winning is less sure");
  });

  it("reads a reliability from an evaluation weight: the prior for a fresh agent, rising toward 1", () => {
    assert.equal(reliabilityOfWeight(1), DEFAULT_HALTING.reliability);
    assert.ok(reliabilityOfWeight(8) > reliabilityOfWeight(2) && reliabilityOfWeight(15) < 1);
    const heavy = standing(["12", "13", "13"], [10, 0, 0], [reliabilityOfWeight(15), reliabilityOfWeight(1), reliabilityOfWeight(1)]);
    const plain = standing(["12", "13", "13"], [10, 0, 0]);
    assert.ok(confidence(heavy) > confidence(plain), "a trusted winner is more likely right");
  });

  it("gives an agent no worse than chance no say", () => {
    const coin = [0.5, 0.5, 0.5];
    // Two positions either way: how many hold the winner's makes no difference.
    assert.equal(confidence(standing(["1", "1", "2"], [3, 3, 1], coin)), confidence(standing(["1", "2", "2"], [3, 1, 1], coin)));
    assert.equal(confidence(standing(["1", "1", "2"], [3, 3, 1], coin)), 1 / 3);
  });

  it("reads the round's checks: votes for the winner's position raise confidence, votes against lower it", () => {
    const s = standing(["12", "12", "13"]);
    // ballots[e][j]: agent e's vote for agent j's proposal (0 for its own).
    const endorsed = { ...s, ballots: [[0, 50, -50], [50, 0, -50], [50, 50, 0]] };
    const opposed = { ...s, ballots: [[0, -50, 50], [-50, 0, 50], [-50, -50, 0]] };
    assert.ok(confidence(endorsed) > confidence(s) && confidence(s) > confidence(opposed),
      `${confidence(endorsed)} > ${confidence(s)} > ${confidence(opposed)}`);
    // Each vote counts its sign with its evaluator's weight: 12 gains four checks and 13 loses two.
    const w = Math.log(0.7 / 0.3) / 1.6;
    const c = Math.exp(6 * w) / (Math.exp(6 * w) + Math.exp(-w) + 1);
    assert.ok(Math.abs(confidence(endorsed) - c) < 1e-12);
    assert.equal(confidence({ ...s, ballots: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] }), confidence(s), "no vote is no evidence");
  });

  it("gives the checks of an evaluator no better than chance no say", () => {
    const s = standing(["12", "12", "13"], undefined, [0.7, 0.7, 0.5]);
    const plain = { ...s, ballots: [[0, 50, -50], [50, 0, -50], [0, 0, 0]] };
    assert.equal(confidence({ ...s, ballots: [[0, 50, -50], [50, 0, -50], [-90, -90, 0]] }), confidence(plain));
    assert.equal(confidence({ ...s, ballots: [[0, 50, -50], [50, 0, -50], [90, 90, 0]] }), confidence(plain));
  });

  it("stops a 2–1 split once the dissenter's own check endorses the winner, and goes on while it opposes it", () => {
    const s = standing(["12", "12", "13"]);
    const conceded = { ...s, ballots: [[0, 50, -50], [50, 0, -50], [50, 50, 0]] };
    const contested = { ...s, ballots: [[0, 50, -50], [50, 0, -50], [-50, -50, 0]] };
    assert.equal(nextHalting(initialHalting(config), config, conceded).stop, "confident");
    assert.equal(nextHalting(initialHalting(config), config, contested).stop, undefined);
  });

  it("counts as movable the dissenters and the holders of the winner's position whose proposal scored below zero", () => {
    assert.equal(movable(standing(["7", "7", "8"], [5, -3, -9])), 2 / 3);
    assert.equal(movable(standing(["7", "7", "8"], [5, 0, -9])), 1 / 3, "a score of zero is not a rejection");
    assert.equal(movable(standing(["7", "7", "7"], [5, 5, 5])), 0);
  });

  it("keeps going on a unanimous answer its own checks reject, and stops on one they accept", () => {
    const rejected = { ...standing(["7", "7", "7"], [-100, -100, -100]), ballots: [[0, -50, -50], [-50, 0, -50], [-50, -50, 0]] };
    assert.equal(agreement(rejected), 1);
    assert.ok(confidence(rejected) < 0.5, `${confidence(rejected)}`);
    assert.equal(nextHalting(initialHalting(config), config, rejected).stop, undefined);
    const accepted = { ...standing(["7", "7", "7"], [100, 100, 100]), ballots: [[0, 50, 50], [50, 0, 50], [50, 50, 0]] };
    assert.equal(nextHalting(initialHalting(config), config, accepted).stop, "unanimous");
  });

  it("by random search: converting a dissenter to the winning answer never raises a positive expected gain", () => {
    const random = seededRandom("halting-search");
    for (let trial = 0; trial < 2_000; trial++) {
      const n = 2 + Math.floor(random() * 7);
      const solutions = Array.from({ length: n }, () => String(Math.floor(random() * 3)));
      const reliabilities = solutions.map(() => 0.3 + random() * 0.69);
      const before = standing(solutions, undefined, reliabilities);
      const gain = expectedGain(before);
      const dissenter = solutions.findIndex((s) => s !== solutions[before.winner]);
      if (gain <= 0 || dissenter < 0) continue;
      const converted = [...solutions];
      converted[dissenter] = solutions[before.winner]!;
      const after = { ...before, solutions: converted };
      assert.ok(expectedGain(after) <= gain + 1e-12, `trial ${trial}: ${JSON.stringify(solutions)} → ${JSON.stringify(converted)}`);
    }
  });
});

const DEFAULT_EFFORT_FOR_TEST = 0.6;

describe("halting: when to stop", () => {
  it("stops a stable unanimous panel right after minRounds", () => {
    for (const minRounds of [1, 2, 3]) {
      const state = run(Array(8).fill(["7", "7", "7"]), { ...config, minRounds });
      assert.equal(state.round, minRounds);
      assert.equal(state.stop, "unanimous");
    }
  });

  it("stops a split in the round it turns unanimous", () => {
    const state = run([["7", "8", "9"], ["7", "7", "9"], ["7", "7", "7"], ["7", "7", "7"]]);
    assert.equal(state.round, 3);
    assert.equal(state.stop, "unanimous");
  });

  it("names the rule about the answers, not max-rounds, when both hold at the last round", () => {
    const state = run([["7", "8", "9"], ["7", "7", "8"], ["7", "7", "7"]], { ...config, maxRounds: 3 });
    assert.equal(state.stop, "unanimous");
  });

  it("runs a split to maxRounds while another round is worth its cost, moving or not", () => {
    const stuck = run([["7", "8", "8"], ["7", "8", "8"], ["7", "8", "8"]], { ...config, maxRounds: 3 });
    assert.deepEqual([stuck.round, stuck.stop], [3, "max-rounds"]);
    const moving = run([["7", "8", "9"], ["7", "8", "10"], ["7", "8", "11"]], { ...config, maxRounds: 3 });
    assert.deepEqual([moving.round, moving.stop], [3, "max-rounds"]);
  });

  it("stops once another round is expected to add less than it costs, which effort sets", () => {
    // Five agents, four agreeing: another round is expected to add about 2.8 points.
    const split = ["7", "7", "7", "7", "9"];
    const gain = expectedGain(standing(split));
    assert.ok(gain > roundCost(0.6) && gain < roundCost(0.3), `${gain}`);
    const moving = [split, ["7", "7", "7", "7", "10"], ["7", "7", "7", "7", "11"]];
    assert.equal(run(moving, { ...config, effort: 0.3 }).stop, "confident");
    assert.equal(run(moving, { ...config, effort: 0.3 }).round, 1);
    assert.equal(run(moving, { ...config, effort: 0.6, maxRounds: 3 }).stop, "max-rounds");
    assert.equal(roundCost(1), 0, "at effort 1 only a round expected to add nothing is skipped");
  });

  it("never stops before minRounds, whatever the rules say", () => {
    const confident = ["7", "7", "7", "7", "7", "7", "7", "8"];
    assert.deepEqual([run([confident, confident, confident]).round, run([confident, confident, confident]).stop], [1, "confident"]);
    const late = run([confident, confident, confident], { ...config, minRounds: 2 });
    assert.deepEqual([late.round, late.stop], [2, "confident"]);
  });

  it("reads only the present agents: the two present of three agreeing is unanimous", () => {
    assert.equal(nextHalting(initialHalting(config), config, standing(["7", "7"])).stop, "unanimous");
  });

  it("keeps the default parameters documented in docs/protocol.md", () => {
    assert.deepEqual(DEFAULT_HALTING, { reliability: 0.7, correlation: 0.3, fixRate: 0.5, breakRate: 0.05, maxRoundCost: 0.05 });
    assert.ok(Math.abs(roundCost(0.6) - 0.02) < 1e-12);
  });
});

describe("outcome labels", () => {
  it("calls a unanimous panel consensus, a majority majority, the rest no consensus", () => {
    assert.deepEqual(outcomeOf(standing(["7", "7", "7"], [5, 5, 5])), { label: "consensus", tied: [] });
    assert.deepEqual(outcomeOf(standing(["7", "7", "8"], [5, 4, -9])), { label: "majority", tied: [] });
    assert.deepEqual(outcomeOf(standing(["7", "8", "9", "9"], [5, 1, 0, 0])), { label: "no consensus", tied: [] });
  });

  it("calls different positions sharing the top score a tie and names every one", () => {
    assert.deepEqual(outcomeOf(standing(["7", "8", "9"], [5, 5, 5])), { label: "tie", tied: ["7", "8", "9"] });
    assert.deepEqual(outcomeOf(standing(["7", "7", "8"], [5, 5, 1])), { label: "majority", tied: [] }, "one position at the top is no tie");
  });

  it("words outcomes and halts one way everywhere", () => {
    assert.equal(outcomeText({ label: "tie", tied: ["7", "8", "9"] }), 'tie between "7", "8" and "9" (the tie rule picks one, from the proposalsHash of the round)');
    assert.equal(outcomeText({ label: "no consensus", tied: [] }), "no consensus");
    assert.equal(haltReasonText("budget", "tokens"), "budget: the next round would overrun the tokens limit");
    assert.equal(haltReasonText("unanimous"), "unanimous: every agent holds the winning answer");
    assert.equal(haltingNumbersText({ agreement: 2 / 3, confidence: 0.5, gain: -0.0012, cost: 0.02 }),
      "agreement 67% · confidence 0.50 · another round −0.001 against its cost 0.020");
  });
});
