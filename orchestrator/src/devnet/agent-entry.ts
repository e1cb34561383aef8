// Which file a simulated agent process runs: the bundle `npm run build:agent` writes
// (scripts/bundle-agent.ts), when it is newer than every file it was built from; otherwise the
// TypeScript source, so an edit made since the last build is never run stale.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

const sdk = path.resolve(import.meta.dirname, "../../../sdk");
export const AGENT_SOURCE = path.join(sdk, "bin/simulated-agent.ts");
export const AGENT_BUNDLE = path.join(sdk, "bundle/simulated-agent.mjs");
/** The files the bundle was built from (absolute paths, JSON). */
export const AGENT_BUNDLE_INPUTS = path.join(sdk, "bundle/simulated-agent.inputs.json");

/** The bundle when it is fresh (see above), else the source. */
export function agentEntry(bundle = AGENT_BUNDLE, inputsFile = AGENT_BUNDLE_INPUTS, source = AGENT_SOURCE): string {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, "utf8")) as string[];
    return inputs.every((input) => statSync(input).mtimeMs <= builtAt) ? bundle : source;
  } catch {
    // No bundle, no list, or an input gone: the source always runs.
    return source;
  }
}
