// Every process the suite starts is killed when the test process exits, however it exits (a test
// timeout, an uncaught error): a fault case must not leave servers running on a shared machine.
import type { ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export function reap(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}
