// A V8 CPU profile of this process over one stretch of a bench (`--cpu-profile FILE`), to see
// where a measured cost goes; open the file in Chrome DevTools' Performance panel.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/** Starts profiling; the returned function stops and writes the profile to `file`. */
export async function startCpuProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  };
}
