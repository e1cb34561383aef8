// CPU time from Linux's /proc/<pid>/stat, for the benches that count what every process of a run
// spends (agents, nats-server, the hardhat node) and not only their own.

/** Clock ticks per second of /proc/<pid>/stat times: 100 on Linux builds in practice. */
export const TICKS_PER_SECOND = 100;

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

/** One /proc/<pid>/stat line. The command name may hold spaces and parentheses: fields resume after the last ")". */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(")");
  const fields = line.slice(close + 2).trim().split(" ");
  // After ")": state(3) ppid(4) … utime(14) stime(15), numbered as proc(5) does.
  const pid = Number(line.slice(0, line.indexOf(" ")));
  const ppid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  if (close < 0 || ![pid, ppid, cpuTicks].every(Number.isFinite)) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  return { pid, ppid, cpuTicks };
}

/** The processes below `root` (children, their children, …), not `root` itself. */
export function descendantsOf(stats: Iterable<ProcStat>, root: number): ProcStat[] {
  const byParent = new Map<number, ProcStat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const out: ProcStat[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of byParent.get(pid) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * Milliseconds of CPU per session over a measured stretch: this process's own (process.cpuUsage,
 * microseconds) plus every descendant's ticks, each as the difference of two readings.
 * A descendant that is gone at the second reading is not counted (none should end mid-run).
 */
export function cpuPerSessionMs(
  before: { selfMicros: number; children: ReadonlyMap<number, number> },
  after: { selfMicros: number; children: ReadonlyMap<number, number> },
  sessions: number,
  ticksPerSecond = TICKS_PER_SECOND,
): { total: number; self: number; children: number } {
  const self = (after.selfMicros - before.selfMicros) / 1000;
  let ticks = 0;
  for (const [pid, t] of after.children) ticks += t - (before.children.get(pid) ?? 0);
  const children = (ticks * 1000) / ticksPerSecond;
  return { total: (self + children) / sessions, self: self / sessions, children: children / sessions };
}

/** Milliseconds of CPU per session of each group of descendants (e.g. by what their command line says they are). */
export function childCpuByGroupMs(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  groupOf: ReadonlyMap<number, string>,
  sessions: number,
  ticksPerSecond = TICKS_PER_SECOND,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, t] of after) {
    const group = groupOf.get(pid) ?? "other";
    out.set(group, (out.get(group) ?? 0) + ((t - (before.get(pid) ?? 0)) * 1000) / ticksPerSecond / sessions);
  }
  return out;
}
