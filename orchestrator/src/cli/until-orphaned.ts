// Whether the processes that started this one are still there. A wrapper killed outright (SIGKILL
// to `npm run`, a supervisor's shim) forwards no signal, and the `sh -c` npm puts between itself
// and the command lives on, waiting: so the parent alone says nothing, and every ancestor up to
// init is watched. The checks never keep the process alive.
import { readFileSync } from "node:fs";

const MAX_DEPTH = 32;

/** Resolves once an ancestor is gone or the IPC channel to the parent closed. */
export function untilOrphaned(checkMs = 250): Promise<void> {
  const watched = ancestors();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (watched.some((pid) => !alive(pid))) {
        clearInterval(timer);
        resolve();
      }
    }, checkMs);
    timer.unref();
    process.once("disconnect", () => resolve());
  });
}

/** The parent, its parent and so on, below init; just the parent where /proc is not there. */
function ancestors(): number[] {
  const chain: number[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < MAX_DEPTH; ) {
    chain.push(pid);
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return chain;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
