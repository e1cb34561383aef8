// Finds Debian's chromium for the browser tests, installing the package when this machine allows
// it, as for nats-server. Never downloads a browser any other way.
import { existsSync } from "node:fs";
import { ensureDebianProgram } from "@concord/orchestrator/devnet/ensure-debian-package.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];

/** How the browser tests and bench:first-render launch it: headless in a container, nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** Returns the chromium path; installs Debian's `chromium` with apt when running as root or with passwordless sudo. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  return ensureDebianProgram(
    {
      label: "chromium",
      debianPackage: "chromium",
      find: findChromium,
      installHint: `looked at ${CANDIDATES.join(" and ")}; install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu), or set CHROMIUM_BIN to a Chromium binary`,
      code: "BROWSER_MISSING",
    },
    log,
  );
}
