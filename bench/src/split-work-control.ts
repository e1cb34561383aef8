// A control for bench:scale's equal-load steps. The same fixed piece of work, paced, is carried by
// one process or split between two pinned to the same CPU at the same total rate: no work is added
// by splitting, so what two processes cost per piece over one is this machine's (and its
// scheduler's) price of spreading a load over more processes, each woken more often for less work
// and sharing the CPU's caches. Two orchestrators at one's total load pay that price too.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pinnedCommand, WORK_CHUNK } from "./cpu-pinning.ts";

const run = promisify(execFile);

/** CPU milliseconds per piece of work: carried by one process, and split between two. */
export interface SplitWorkPair {
  oneMs: number;
  twoMs: number;
}

export interface SplitWorkOptions {
  /** The CPU (taskset list) every process runs on. */
  cpu: string;
  /** Pieces of work a second, in all. */
  rate: number;
  /** How long each configuration runs. */
  seconds: number;
  /** One process, then two, this many times. */
  pairs: number;
}

// One process doing `rate` pieces a second for `count` pieces, on a timer that catches up (a late
// piece shortens the next wait), after 50 untimed pieces; prints its CPU milliseconds per piece.
const PACED = `
${WORK_CHUNK}
const [rate, count] = process.argv.slice(-2).map(Number);
for (let i = 0; i < 50; i++) chunk();
const t = process.cpuUsage();
let done = 0, next = performance.now();
const tick = () => {
  chunk();
  if (++done === count) {
    const c = process.cpuUsage(t);
    return console.log((c.user + c.system) / 1000 / count);
  }
  next += 1000 / rate;
  setTimeout(tick, Math.max(0, next - performance.now()));
};
tick();`;

async function paced(cpu: string, rate: number, count: number): Promise<number> {
  const [command, args] = pinnedCommand(process.execPath, ["-e", PACED, "--", String(rate), String(count)], cpu);
  const { stdout } = await run(command, args, { encoding: "utf8" });
  return Number(stdout.trim());
}

/** Alternating runs of one process at `rate` and two at `rate / 2` each, on `cpu`. */
export async function splitWorkControl(options: SplitWorkOptions): Promise<SplitWorkPair[]> {
  const { cpu, rate, seconds, pairs } = options;
  const count = Math.max(1, Math.round(rate * seconds));
  const results: SplitWorkPair[] = [];
  for (let p = 0; p < pairs; p++) {
    const oneMs = await paced(cpu, rate, count);
    const halves = await Promise.all([0, 1].map(() => paced(cpu, rate / 2, Math.round(count / 2))));
    results.push({ oneMs, twoMs: (halves[0]! + halves[1]!) / 2 });
  }
  return results;
}

/** Two processes' CPU per piece over one's, per pair. */
export const splitRatios = (pairs: readonly SplitWorkPair[]) => pairs.map((p) => p.twoMs / p.oneMs);
