// `npm run typecheck`: every package against its own tsconfig, so each sees only the types it may
// use (no Node types in the SDK's protocol, DOM only in the app), then the tests and tooling.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const projects = [
  "sdk/protocol/tsconfig.json", "sdk/tsconfig.json", "deploy/tsconfig.json", "orchestrator/tsconfig.json",
  "app/tsconfig.json", "app/tsconfig.node.json", "bench/tsconfig.json", "tsconfig.json",
];
let failed = 0;
for (const project of projects) {
  const run = spawnSync("tsc", ["-p", project], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) {
    failed += 1;
    console.error(`[typecheck] ${project}: failed`);
  }
}
if (failed > 0) process.exit(1);
console.log(`[typecheck] ${projects.length} projects clean`);
