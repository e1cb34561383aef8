// Reads the CPU time of this process and of everything it started, for cpuPerSessionMs.
import { readdirSync, readFileSync } from "node:fs";
import { descendantsOf, parseProcStat, type ProcStat } from "./proc-stat.ts";

export interface CpuReading {
  /** process.cpuUsage() user + system, microseconds. */
  readonly selfMicros: number;
  /** Descendant pid → utime + stime ticks. */
  readonly children: ReadonlyMap<number, number>;
  /** Descendant pid → what it is, from its command line. */
  readonly groups: ReadonlyMap<number, string>;
}

function groupOf(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    if (cmdline.includes("agent-process")) return "agents";
    if (cmdline.includes("nats-server")) return "nats-server";
    if (cmdline.includes("hardhat")) return "hardhat node";
  } catch {
    // Gone while we looked.
  }
  return "other";
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
  const mine = descendantsOf(stats, self);
  return {
    groups: new Map(mine.map((s) => [s.pid, groupOf(s.pid)] as const)),
    selfMicros: usage.user + usage.system,
    children: new Map(mine.map((s) => [s.pid, s.cpuTicks] as const)),
  };
}
