// `npm run build:agent`: the simulated agent (sdk/bin/simulated-agent.ts) as one ES module file,
// which the devnet starts instead of the source when it is fresh (orchestrator/src/devnet/
// agent-entry.ts). Loading ~700 modules one by one, TypeScript stripped on the way, took an agent
// process about 1.1 s of CPU before it did anything; the bundle loads in about 0.4 s. Next to it,
// the list of files it was built from, so a bundle older than any of them is never used.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { AGENT_BUNDLE, AGENT_BUNDLE_INPUTS, AGENT_SOURCE } from "@concord/orchestrator/devnet/agent-entry.ts";

const root = path.resolve(import.meta.dirname, "..");
const result = await build({
  entryPoints: [AGENT_SOURCE],
  outfile: AGENT_BUNDLE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  metafile: true,
  logLevel: "warning",
  // Native code and packages that load files beside their own modules stay as packages.
  external: ["secp256k1", "tiny-secp256k1"],
  // The bundled CommonJS packages call require(), which an ES module has only when given one.
  banner: { js: "import { createRequire as __concordRequire } from 'node:module'; const require = __concordRequire(import.meta.url);" },
});
const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input));
await writeFile(AGENT_BUNDLE_INPUTS, `${JSON.stringify(inputs)}\n`);
console.log(`[agent] ${path.relative(root, AGENT_BUNDLE)}: ${inputs.length} files in one`);
