// CPU time of this process and its descendants, grouped by what they are (read from /proc, so
// Linux only; elsewhere it reports nothing). Tells which part saturates first when load grows.
import { readdirSync, readFileSync } from "node:fs";
import { parseProcStat, TICKS_PER_SECOND } from "./proc-stat.ts";

export type Role = "hardhat node" | "nats-server" | "orchestrators" | "bench process (agents)" | "other";

function roleOf(pid: number, self: number, cmdline: string): Role {
  if (pid === self) return "bench process (agents)";
  if (cmdline.includes("hardhat")) return "hardhat node";
  if (cmdline.includes("nats-server")) return "nats-server";
  if (cmdline.includes("orchestrator")) return "orchestrators";
  return "other";
}

interface Owned {
  readonly pid: number;
  readonly role: Role;
  readonly seconds: number;
}

/** This process and everything it started, each with its role and the CPU seconds it has spent. */
function ownedProcesses(self: number): Owned[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const stats = new Map<number, { ppid: number; seconds: number; cmdline: string }>();
  for (const e of entries) {
    try {
      const { ppid, cpuTicks } = parseProcStat(readFileSync(`/proc/${e}/stat`, "utf8"));
      const seconds = cpuTicks / TICKS_PER_SECOND;
      const cmdline = readFileSync(`/proc/${e}/cmdline`, "utf8").replace(/\0/g, " ");
      stats.set(Number(e), { ppid, seconds, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 32; p = stats.get(p)?.ppid ?? 0, hops++) if (p === self) return true;
    return false;
  };
  return [...stats].filter(([pid]) => mine(pid)).map(([pid, s]) => ({ pid, role: roleOf(pid, self, s.cmdline), seconds: s.seconds }));
}

/** Seconds of CPU (user + system) per role, over this process and everything it started. */
export function cpuByRole(self = process.pid): Map<Role, number> {
  const out = new Map<Role, number>();
  for (const { role, seconds } of ownedProcesses(self)) out.set(role, (out.get(role) ?? 0) + seconds);
  return out;
}

/** The pids of this process and everything it started whose role is one of `roles`. */
export function pidsOf(roles: Role[], self = process.pid): number[] {
  return ownedProcesses(self).filter((p) => roles.includes(p.role)).map((p) => p.pid);
}

/** after − before, per role. */
export function cpuSince(before: Map<Role, number>, after = cpuByRole()): Map<Role, number> {
  return new Map([...after].map(([role, s]) => [role, s - (before.get(role) ?? 0)]));
}

/** How often a process's main thread gave up its CPU: it slept (its event loop had nothing to do) or was preempted. */
export interface Switches {
  slept: number;
  preempted: number;
}

/** The main threads' context switches of these processes, summed (Linux's /proc/<pid>/status; a process gone counts 0). */
export function switchesOf(pids: Iterable<number>): Switches {
  const sum: Switches = { slept: 0, preempted: 0 };
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      sum.slept += Number(/^voluntary_ctxt_switches:\s*(\d+)/m.exec(status)?.[1] ?? 0);
      sum.preempted += Number(/^nonvoluntary_ctxt_switches:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // It ended while we looked.
    }
  }
  return sum;
}
