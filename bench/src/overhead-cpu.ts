// bench:overhead's CPU per round, read: totals, the split by process, the cores kept busy, and
// what a round could spend to last 2× the JetStream floor.
import { meanOf } from "./stats.ts";

/** What these read of one panel size's run: round and floor times, and CPU per round by process group. */
export interface CpuRow {
  n: number;
  /** Each timed round's length (start to tally), ms. */
  protocol: readonly number[];
  /** Each JetStream floor round's length, ms. */
  jetstream: readonly number[];
  cpuRound: ReadonlyMap<string, number>;
  cpuFloor: ReadonlyMap<string, number>;
  /** The checked floor's CPU per round, when it ran. */
  cpuChecked?: ReadonlyMap<string, number>;
}

export function sumOf(m: ReadonlyMap<string, number>): number {
  return [...m.values()].reduce((a, b) => a + b, 0);
}

/** "agents 13.3, orchestrator 7.1, …", largest first. */
export function splitOf(m: ReadonlyMap<string, number>): string {
  return [...m].sort((a, b) => b[1] - a[1]).map(([g, v]) => `${g} ${v.toFixed(1)}`).join(", ");
}

/** CPU of every process while a round (or a JetStream floor round) runs, per round. */
export function cpuPerRoundLine(r: CpuRow): string {
  const checked = r.cpuChecked ? `, checked floor ${sumOf(r.cpuChecked).toFixed(1)} ms (${splitOf(r.cpuChecked)})` : "";
  return `cpu per round N=${r.n}: ${sumOf(r.cpuRound).toFixed(1)} ms (${splitOf(r.cpuRound)}), JetStream floor ${sumOf(r.cpuFloor).toFixed(1)} ms (${splitOf(r.cpuFloor)})${checked}`;
}

/** Cores kept busy while the windows were open: CPU per window over the mean window. */
export function coresBusy(cpuMs: number, wall: readonly number[]): string {
  return (cpuMs / meanOf(wall)).toFixed(1);
}

/**
 * The CPU a round could spend to last 2× the JetStream floor, if its processes kept as many cores
 * busy as they do now: the floor's CPU scaled by the length ratio and by the cores busy in each.
 * `protocol`: the round's CPU beyond the floor's; `left`: what that could be at 2×.
 */
export function cpuBudgetAtRatio2(r: CpuRow): { round: number; protocol: number; left: number } {
  const floorCpu = sumOf(r.cpuFloor);
  const roundCpu = sumOf(r.cpuRound);
  const round = (2 * floorCpu * (roundCpu / meanOf(r.protocol))) / (floorCpu / meanOf(r.jetstream));
  return { round, protocol: roundCpu - floorCpu, left: round - floorCpu };
}

/** CPU per agent per round beyond what the floor's responders spend in the same processes. */
export function agentExtra(r: CpuRow): number {
  return ((r.cpuRound.get("agents") ?? 0) - (r.cpuFloor.get("agents") ?? 0)) / r.n;
}
