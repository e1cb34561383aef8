// npm's first install runs under the machine's Node (maybe 20) and then skips optional platform
// packages that declare a newer engine, such as Hardhat's EDR binding. Lifecycle scripts run with
// node_modules/.bin first on PATH, so here `node` is the project's Node 22: a second install from
// it fetches what the first one skipped, without touching the lockfile.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.log(`[postinstall] node ${process.version} is older than 22.13; skipping the second pass`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
function edrBindingPresent() {
  try {
    require.resolve("@nomicfoundation/edr");
    require("@nomicfoundation/edr");
    return true;
  } catch {
    return false;
  }
}
if (!existsSync("node_modules/@nomicfoundation/edr") || edrBindingPresent()) process.exit(0);
console.log(`[postinstall] fetching platform packages skipped by the first pass (node ${process.version})`);
execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save"], {
  stdio: "inherit",
});
