// Which file a process runs: a one-file bundle (scripts/bundle.ts, part of `npm run build`) when it
// is newer than every file it was built from, otherwise the TypeScript source, so an edit made since
// the last build never runs stale. Loading ~1 000 modules one by one, types stripped on the way,
// costs a process about a second of CPU before it does anything; its bundle loads in a fraction.
// Imports nothing but node's own modules: the CLI's launcher reads it before anything else.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface BundleTarget {
  /** The TypeScript entry point. */
  source: string;
  /** The bundle built from it. */
  bundle: string;
  /** The files the bundle was built from (absolute paths, JSON), written beside it. */
  inputs: string;
}

/** The bundle when it is fresh (see above), else the source. */
export function freshEntry({ source, bundle, inputs }: BundleTarget): string {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const files = JSON.parse(readFileSync(inputs, "utf8")) as string[];
    return files.every((file) => statSync(file).mtimeMs <= builtAt) ? bundle : source;
  } catch {
    // No bundle, no list, or an input gone (the checkout moved, a file deleted): the source runs.
    return source;
  }
}

const root = path.resolve(import.meta.dirname, "../../..");

/** The simulated agent the devnet starts (sdk/bin/simulated-agent.ts). */
export const AGENT_TARGET: BundleTarget = {
  source: path.join(root, "sdk/bin/simulated-agent.ts"),
  bundle: path.join(root, "sdk/bundle/simulated-agent.mjs"),
  inputs: path.join(root, "sdk/bundle/simulated-agent.inputs.json"),
};

/** The `concord` command line (orchestrator/src/cli/main.ts). */
export const CLI_TARGET: BundleTarget = {
  source: path.join(root, "orchestrator/src/cli/main.ts"),
  bundle: path.join(root, "orchestrator/bundle/concord.mjs"),
  inputs: path.join(root, "orchestrator/bundle/concord.inputs.json"),
};
