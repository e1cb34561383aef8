// Pins processes to CPUs with util-linux's taskset (Linux only). On this kind of virtual machine
// the vCPUs do not run equally fast (the same work took 1.3 to 1.6 times the CPU time on one as on
// the other; cpuTimeOfWorkPerCpu measures it and docs/benchmarks/scale.md prints it), so CPU time
// compares work only between processes that ran on the same vCPU.
import { execFileSync } from "node:child_process";
import os from "node:os";

/** True where taskset runs and there are at least two CPUs to split between. */
export function canPin(): boolean {
  if (os.cpus().length < 2) return false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Every thread of each process onto `cpus` (a taskset list, e.g. "0" or "0-1"); a process gone meanwhile is skipped. */
export function pinProcesses(pids: Iterable<number>, cpus: string): void {
  for (const pid of pids) {
    try {
      execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
    } catch {
      // It ended while we pinned.
    }
  }
}

/** All CPUs, as a taskset list: undoes pinProcesses. */
export const ALL_CPUS = `0-${os.cpus().length - 1}`;

/** A command and its arguments, run pinned to `cpus` when given. */
export function pinnedCommand(command: string, args: string[], cpus?: string): [string, string[]] {
  return cpus === undefined ? [command, args] : ["taskset", ["-c", cpus, command, ...args]];
}

/** A fixed piece of work, `chunk()` (object churn, JSON and hashing, as a node process does; ≈ 1 ms here). */
export const WORK_CHUNK = `
const { createHash } = require("node:crypto");
const chunk = () => { const a = []; let x = 0; for (let i = 0; i < 3000; i++) { a.push({ i, s: "k" + i }); x += JSON.stringify(a[i]).length; } for (let i = 0; i < 30; i++) createHash("sha256").update("x" + i).digest(); return x; };`;

// 1000 chunks after 200 untimed ones; prints the CPU milliseconds the 1000 took.
const WORK = `${WORK_CHUNK}
for (let i = 0; i < 200; i++) chunk();
const t = process.cpuUsage();
for (let i = 0; i < 1000; i++) chunk();
const c = process.cpuUsage(t);
console.log((c.user + c.system) / 1000);`;

/** Milliseconds of CPU the same work takes pinned to each CPU in turn (a fresh node process each). */
export function cpuTimeOfWorkPerCpu(): number[] {
  return os.cpus().map((_, cpu) =>
    Number(execFileSync("taskset", ["-c", String(cpu), process.execPath, "-e", WORK], { encoding: "utf8" }).trim()));
}
