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

/** Seconds of CPU (user + system) per role, over this process and everything it started. */
export function cpuByRole(self = process.pid): Map<Role, number> {
  const out = new Map<Role, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
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
  for (const [pid, s] of stats) {
    if (!mine(pid)) continue;
    const role = roleOf(pid, self, s.cmdline);
    out.set(role, (out.get(role) ?? 0) + s.seconds);
  }
  return out;
}

/** after − before, per role. */
export function cpuSince(before: Map<Role, number>, after = cpuByRole()): Map<Role, number> {
  return new Map([...after].map(([role, s]) => [role, s - (before.get(role) ?? 0)]));
}
