// The DIP rule as docs/economics.md §2 states it (bench/src/incentives/dip.ts, the mirror the
// contract tests compare Sessions with): its arithmetic, and the properties it is built for,
// searched over random deliberations.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { endorsementsToVotes } from "@concord/agent-sdk/protocol";
import { dipQuality, dipSettlement, fairVote, median, roundLevels } from "@concord/bench/incentives/dip.ts";
import type { Deliberation, RoundBallots } from "@concord/bench/incentives/payout-rule.ts";
import { honestDeliberation, SCENARIOS } from "@concord/bench/incentives/scenarios.ts";

/** A seeded generator (mulberry32), so a failure names its case. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random ballot within `credits` for every present agent: 0 for itself and its operator's agents. */
function randomRound(n: number, operators: readonly number[], credits: number, random: () => number, present: number[]): RoundBallots {
  const votes = Array.from({ length: n }, (_, e) => {
    const ballot = new Array<number>(n).fill(0);
    if (!present.includes(e)) return ballot;
    const targets = present.filter((c) => c !== e && operators[c] !== operators[e]);
    const endorsements = targets.map(() => Math.round(random() * 200) - 100);
    endorsementsToVotes(endorsements, BigInt(credits)).forEach((v, k) => (ballot[targets[k]!] = v));
    return ballot;
  });
  return { entries: present, votes };
}

function randomDeliberation(seed: number): Deliberation {
  const random = rng(seed);
  const n = 2 + Math.floor(random() * 9);
  const operators = Array.from({ length: n }, (_, i) => (random() < 0.25 && i > 0 ? Math.floor(random() * i) : i));
  const credits = 1 + Math.floor(random() * 10_000);
  const rounds = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const present = Array.from({ length: n }, (_, i) => i).filter(() => random() > 0.15);
    return randomRound(n, operators, credits, random, present.length >= 2 ? present : [0, 1]);
  });
  return { n, operators, credits, rounds };
}

const BOUNTY = 10n ** 18n;
const FEE_BPS = 100n;

function settle(d: Deliberation) {
  return dipSettlement(BOUNTY, FEE_BPS, dipQuality(d), d.rounds.length, fairVote(d.credits!, d.n));
}

describe("the DIP rule", () => {
  it("takes L as the vote each of n − 1 peers gets from a full endorsement of all: ⌊√(credits / (n − 1))⌋, at least 1", () => {
    assert.equal(fairVote(10_000, 3), 70);
    assert.equal(fairVote(10_000, 5), 50);
    assert.equal(fairVote(10_000, 10), 33);
    assert.equal(fairVote(1, 3), 1);
    for (let credits = 1; credits <= 10_000; credits += 37) {
      for (let n = 2; n <= 10; n++) {
        const l = fairVote(credits, n);
        const full = endorsementsToVotes(new Array<number>(n - 1).fill(100), BigInt(credits));
        if (credits >= n - 1) assert.ok(full.every((v) => v === l), `credits ${credits}, n ${n}: ${full} vs L ${l}`);
      }
    }
  });

  it("takes the median, of an even count the mean of the two middle votes rounded down", () => {
    assert.equal(median([5]), 5);
    assert.equal(median([-70, 70]), 0);
    assert.equal(median([3, -1, 2]), 2);
    assert.equal(median([-44, 50, -44, 50]), 3);
    assert.equal(median([-3, 0]), -2);
  });

  it("pays every agent net / n under full consensus, so only rounding reaches the treasury", () => {
    for (const n of [2, 3, 5, 10]) {
      const d = honestDeliberation("consensus", n, 2);
      const { payouts, unearned, fee } = settle({ ...d, credits: 10_000 });
      const net = BOUNTY - fee;
      for (const p of payouts) assert.equal(p, net / BigInt(n));
      assert.ok(unearned < BigInt(n));
    }
  });

  it("pays the agents holding the majority's position more than the others in every reference scenario", () => {
    for (const n of [3, 4, 5]) {
      const split = settle({ ...honestDeliberation("split", n, 1), credits: 10_000 }).payouts;
      const majority = Math.floor(n / 2) + 1;
      for (let a = 0; a < majority; a++) for (let b = majority; b < n; b++) assert.ok(split[a]! > split[b]!, `split n=${n}: ${split}`);
      const wrong = settle({ ...honestDeliberation("one-wrong", n, 1), credits: 10_000 }).payouts;
      for (let a = 0; a < n - 1; a++) assert.ok(wrong[a]! > wrong[n - 1]!, `one-wrong n=${n}: ${wrong}`);
    }
    assert.deepEqual(SCENARIOS, ["consensus", "split", "one-wrong"]);
  });

  it("conserves the net and never pays an agent more than net / n (500 random deliberations)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const d = randomDeliberation(seed);
      const { payouts, unearned, fee } = settle(d);
      const net = BOUNTY - fee;
      assert.equal(payouts.reduce((a, b) => a + b, 0n) + unearned, net, `seed ${seed}`);
      assert.ok(unearned >= 0n);
      for (const p of payouts) assert.ok(p <= net / BigInt(d.n), `seed ${seed}`);
      for (let r = 0; r < d.rounds.length; r++) {
        const levels = roundLevels(d, r);
        const l = fairVote(d.credits!, d.n);
        levels.forEach((level, i) => {
          assert.ok(level >= 0 && level <= 2 * l, `seed ${seed}: level ${level} outside [0, ${2 * l}]`);
          if (!d.rounds[r]!.entries.includes(i)) assert.equal(level, 0, `seed ${seed}: absent agent ${i} has a level`);
        });
      }
    }
  });

  it("lets no agent change its own pay, nor its operator's agents', with any ballot (500 random trials)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const d = randomDeliberation(seed);
      const random = rng(seed * 7919);
      const r = Math.floor(random() * d.rounds.length);
      const round = d.rounds[r]!;
      const agent = round.entries[Math.floor(random() * round.entries.length)]!;
      const other = randomRound(d.n, d.operators, d.credits!, random, [...round.entries]);
      const votes = round.votes.map((b, e) => (e === agent ? other.votes[e]! : b));
      const changed: Deliberation = { ...d, rounds: d.rounds.map((x, i) => (i === r ? { entries: x.entries, votes } : x)) };
      const before = settle(d).payouts;
      const after = settle(changed).payouts;
      for (let i = 0; i < d.n; i++) {
        if (d.operators[i] === d.operators[agent]) assert.equal(after[i], before[i], `seed ${seed}: agent ${agent} moved ${i}'s pay`);
      }
    }
  });

  it("moves no other agent's pay when one agent lowers a rival: the rival's loss goes to the treasury", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const d = randomDeliberation(seed);
      const round = d.rounds[0]!;
      const [voter, rival] = round.entries;
      if (voter === undefined || rival === undefined || d.operators[voter] === d.operators[rival]) continue;
      const votes = round.votes.map((b, e) => (e === voter ? b.map((v, c) => (c === rival ? -Math.floor(Math.sqrt(d.credits!)) : 0)) : b));
      const changed: Deliberation = { ...d, rounds: d.rounds.map((x, i) => (i === 0 ? { entries: x.entries, votes } : x)) };
      const before = settle(d);
      const after = settle(changed);
      for (let i = 0; i < d.n; i++) if (i !== rival && i !== voter) {
        // Only the voter's ballot changed: it may lower (or raise) the pay of those it voted for differently.
        if (round.votes[voter]![i] === 0) assert.equal(after.payouts[i], before.payouts[i], `seed ${seed}`);
      }
      assert.ok(after.payouts[voter]! === before.payouts[voter]!, `seed ${seed}: the voter's own pay moved`);
      assert.equal(after.payouts.reduce((a, b) => a + b, 0n) + after.unearned, before.payouts.reduce((a, b) => a + b, 0n) + before.unearned);
    }
  });
});
