// Finds Debian's chromium for the browser tests, installing the package when this machine allows
// it (root or passwordless sudo), like ensure-nats-server.ts. Never downloads a browser any other way.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];
const INSTALL_HINT = "install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_BIN to a Chromium binary";

export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

function canRun(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** Returns the chromium path; installs Debian's `chromium` with apt when running as root or with passwordless sudo. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && canRun("sudo", ["-n", "true"]) ? ["sudo", "-n"] : [];
  if (!canRun("apt-get", ["--version"]) || (!isRoot && sudo.length === 0)) {
    throw new Error(`chromium was not found at ${CANDIDATES.join(" or ")}; ${INSTALL_HINT}`);
  }
  log("chromium not found: installing Debian's package (apt-get install -y chromium)...");
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    execFileSync(command!, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  try {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "chromium"]);
  } catch (cause) {
    throw new Error(`installing chromium failed; ${INSTALL_HINT}`, { cause });
  }
  const installed = findChromium();
  if (!installed) throw new Error(`chromium still not found after install; ${INSTALL_HINT}`);
  return installed;
}
