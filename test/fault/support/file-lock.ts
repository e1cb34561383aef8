// A lock between processes on one machine: the lock file is created exclusively and holds its
// owner's pid. A waiter watches the lock's directory and tries again when the file goes, so it
// waits on an event, not a timer; a lock whose owner died is taken over.
import { watch } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Runs `work` while holding `lockFile`; the lock is released however `work` ends. */
export async function withFileLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockFile);
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function acquire(lockFile: string): Promise<void> {
  for (;;) {
    const gone = untilRemoved(lockFile);
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" });
      gone.cancel();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        gone.cancel();
        throw error;
      }
    }
    if (await ownerIsDead(lockFile)) {
      gone.cancel();
      await rm(lockFile, { force: true });
      continue;
    }
    await gone.promise;
  }
}

/** Resolves once `file` is removed (or renamed): any change of that name in its directory. */
function untilRemoved(file: string): { promise: Promise<void>; cancel: () => void } {
  const watcher = watch(path.dirname(file));
  const promise = new Promise<void>((resolve) => {
    const done = () => {
      watcher.close();
      resolve();
    };
    watcher.on("change", (_event, name) => {
      if (name === null || name.toString() === path.basename(file)) done();
    });
    watcher.on("error", done);
  });
  return { promise, cancel: () => watcher.close() };
}

async function ownerIsDead(lockFile: string): Promise<boolean> {
  const pid = Number(await readFile(lockFile, "utf8").catch(() => ""));
  // Empty: the owner has created the file and not yet written its pid, or it is already gone.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
