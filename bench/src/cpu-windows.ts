// CPU spent inside many short windows (each timed round, each floor round), summed per group of
// processes: this process by process.cpuUsage (microseconds), the known child processes by their
// /proc/<pid>/stat ticks (10 ms each). One window is far shorter than a tick, so a window's own
// figure means little; the sum over many windows is an unbiased count of where the CPU went while
// they were open. The pids are fixed up front, so opening and closing a window reads only their
// stat files, not all of /proc.
import { readFileSync } from "node:fs";
import { parseProcStat, TICKS_PER_SECOND } from "./proc-stat.ts";

export interface CpuSample {
  selfMicros: number;
  /** pid → utime + stime ticks; a pid that could not be read is left out. */
  ticks: Map<number, number>;
}

export interface CpuWindows {
  open(): void;
  close(): void;
  /** Windows closed so far. */
  readonly count: number;
  /** Mean milliseconds per window, per group (`self` is this process's group). */
  perWindowMs(): Map<string, number>;
}

function readTicks(pid: number): number | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8")).cpuTicks;
  } catch {
    return undefined; // gone: its ticks in the window are lost, as the process is
  }
}

export function sampleCpu(pids: Iterable<number>): CpuSample {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const t = readTicks(pid);
    if (t !== undefined) ticks.set(pid, t);
  }
  const usage = process.cpuUsage();
  return { selfMicros: usage.user + usage.system, ticks };
}

/** Adds one window's CPU (from `a` to `b`) into `totals`, in milliseconds, by group. */
export function addWindow(
  totals: Map<string, number>, a: CpuSample, b: CpuSample, groupOf: ReadonlyMap<number, string>, self: string, ticksPerSecond = TICKS_PER_SECOND,
): void {
  totals.set(self, (totals.get(self) ?? 0) + (b.selfMicros - a.selfMicros) / 1000);
  for (const [pid, t] of b.ticks) {
    const before = a.ticks.get(pid);
    if (before === undefined) continue;
    const group = groupOf.get(pid) ?? "other";
    totals.set(group, (totals.get(group) ?? 0) + ((t - before) * 1000) / ticksPerSecond);
  }
}

/** Windows over `groupOf`'s pids (pid → group) and this process (`self`). */
export function cpuWindows(groupOf: ReadonlyMap<number, string>, self: string, read = sampleCpu): CpuWindows {
  const totals = new Map<string, number>();
  let opened: CpuSample | undefined;
  let count = 0;
  return {
    open() {
      opened = read(groupOf.keys());
    },
    close() {
      if (!opened) throw new Error("a CPU window was closed that was never opened");
      addWindow(totals, opened, read(groupOf.keys()), groupOf, self);
      opened = undefined;
      count++;
    },
    get count() {
      return count;
    },
    perWindowMs() {
      return new Map([...totals].map(([group, ms]) => [group, count === 0 ? 0 : ms / count] as const));
    },
  };
}
