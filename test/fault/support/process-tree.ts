// The processes below a pid, read from /proc: the shell and the command that `npm run` starts are
// not the suite's children, so whether they outlive a killed npm is read here.
import { readdirSync, readFileSync } from "node:fs";

const parentOf = (pid: number): number | undefined => {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
};

/** Every live descendant of `pid`, nearest first. */
export function descendants(pid: number): number[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    const next = all.filter((p) => frontier.includes(parentOf(p) ?? -1));
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** Whether `pid` still runs (a zombie, dead but not yet reaped, does not). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
