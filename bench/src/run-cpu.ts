// Reads the CPU time of this process and of everything it started, for cpuPerSessionMs.
import { readdirSync, readFileSync } from "node:fs";
import { descendantsOf, parseProcStat, type ProcStat } from "./proc-stat.ts";

export interface CpuReading {
  /** process.cpuUsage() user + system, microseconds. */
  readonly selfMicros: number;
  /** Descendant pid → utime + stime ticks. */
  readonly children: ReadonlyMap<number, number>;
}

export function readRunCpu(self = process.pid): CpuReading {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      stats.push(parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8")));
    } catch {
      // The process ended while we looked.
    }
  }
  const usage = process.cpuUsage();
  return {
    selfMicros: usage.user + usage.system,
    children: new Map(descendantsOf(stats, self).map((s) => [s.pid, s.cpuTicks] as const)),
  };
}
